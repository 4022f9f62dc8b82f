package io.otp4j.registry;

import io.otp4j.genserver.ViaName;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Optional;

/** A key of a registry with unique keys, as a GenServer's name; see {@link Registry#via}. */
record RegistryName<K, V>(Registry<K, V> registry, K key, V value) implements ViaName {

    @Override
    public Optional<Pid> register(ProcessContext self) {
        try {
            registry.register(self, key, value);
            return Optional.empty();
        } catch (AlreadyRegisteredException e) {
            return Optional.of(e.holder());
        }
    }

    @Override
    public Optional<Pid> whereis() {
        return registry.whereis(key);
    }

    /** Two names are equal when they name the same key of the same registry, whatever their values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof RegistryName<?, ?> that && registry == that.registry && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(registry) * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return "{via registry \"" + registry.name() + "\", key " + key + "}";
    }
}
