package io.otp4j.cluster;

import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Optional;

/** A unique key of a {@link ClusterRegistry} as a GenServer's name, on any node; see {@link ClusterRegistry#via}. */
record ClusterRegistryName<K, V>(ClusterRegistry<K, V> registry, K key, V value) implements ViaName {

    @Override
    public Optional<Pid> register(ProcessContext self) {
        try {
            registry.register(self, key, value);
            return Optional.empty();
        } catch (KeyTakenException e) {
            return Optional.of(e.holder());
        }
    }

    @Override
    public Optional<Pid> whereis() {
        return registry.whereis(key);
    }

    /** {@return the registry's node}: a holder on another node is reached from it, through the cluster */
    @Override
    public Optional<Node> node() {
        return Optional.of(registry.cluster().node());
    }

    /** Two names are equal when they name the same key of the same registry, whatever their values. */
    @Override
    public boolean equals(Object other) {
        return other instanceof ClusterRegistryName<?, ?> that && registry == that.registry && key.equals(that.key);
    }

    @Override
    public int hashCode() {
        return System.identityHashCode(registry) * 31 + key.hashCode();
    }

    @Override
    public String toString() {
        return "{via cluster registry \"" + registry.name() + "\", key " + key + "}";
    }
}
