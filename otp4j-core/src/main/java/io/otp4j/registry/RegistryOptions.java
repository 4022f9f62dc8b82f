package io.otp4j.registry;

import io.otp4j.process.Pid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How to start a {@link Registry}. Immutable; each {@code with…} returns a copy.
 *
 * @param keys unique or duplicate keys
 * @param partitions how many partition processes watch the registrants (1 to {@value #MAX_PARTITIONS}); a
 *     registrant is watched by the partition its pid hashes to, so exits are cleaned up in parallel
 * @param listeners processes sent a {@link RegistryEvent} on every registration and unregistration
 * @param listenerNames registered names of such processes, looked up at each event (skipped while no process
 *     holds the name)
 * @param meta the registry's metadata at start; see {@link Registry#meta}
 */
public record RegistryOptions(
        Keys keys, int partitions, List<Pid> listeners, List<String> listenerNames, Map<Object, Object> meta) {

    /** The most partitions a registry may have. */
    public static final int MAX_PARTITIONS = 1024;

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public RegistryOptions {
        Objects.requireNonNull(keys, "keys");
        if (partitions < 1 || partitions > MAX_PARTITIONS) {
            throw new IllegalArgumentException(
                    "partitions must be between 1 and " + MAX_PARTITIONS + ", was " + partitions);
        }
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        listenerNames = List.copyOf(Objects.requireNonNull(listenerNames, "listenerNames"));
        for (String name : listenerNames) {
            if (name.isBlank()) {
                throw new IllegalArgumentException("a listener's name must not be blank, was \"" + name + "\"");
            }
        }
        // Map.copyOf rejects null keys and values; its iteration order does not matter for metadata.
        meta = Map.copyOf(Objects.requireNonNull(meta, "meta"));
    }

    /** {@return options for a registry with unique keys and one partition} */
    public static RegistryOptions unique() {
        return new RegistryOptions(Keys.UNIQUE, 1, List.of(), List.of(), Map.of());
    }

    /** {@return options for a registry with duplicate keys and one partition} */
    public static RegistryOptions duplicate() {
        return new RegistryOptions(Keys.DUPLICATE, 1, List.of(), List.of(), Map.of());
    }

    /**
     * {@return a copy with {@code partitions} partitions} A good value for a busy registry: the carrier count.
     *
     * @param partitions how many partition processes watch the registrants; 1 to {@value #MAX_PARTITIONS}
     */
    public RegistryOptions withPartitions(int partitions) {
        return new RegistryOptions(keys, partitions, listeners, listenerNames, meta);
    }

    /**
     * {@return a copy that also tells {@code listener} of registrations and unregistrations}
     *
     * @param listener the process sent a {@link RegistryEvent} for each; a listener that is gone is skipped
     */
    public RegistryOptions withListener(Pid listener) {
        Objects.requireNonNull(listener, "listener");
        return new RegistryOptions(
                keys,
                partitions,
                Stream.concat(listeners.stream(), Stream.of(listener)).toList(),
                listenerNames,
                meta);
    }

    /**
     * {@return a copy that also tells the process registered as {@code name} of registrations and unregistrations}
     *
     * @param name a name registered on the registry's node, looked up at each event; not blank
     */
    public RegistryOptions withListener(String name) {
        Objects.requireNonNull(name, "name");
        return new RegistryOptions(
                keys,
                partitions,
                listeners,
                Stream.concat(listenerNames.stream(), Stream.of(name)).toList(),
                meta);
    }

    /**
     * {@return a copy whose registry starts with the metadata {@code key} set to {@code value}}
     *
     * @param key the metadata's key, as {@link Registry#meta} reads it
     * @param value its value, replacing one set before under the same key
     */
    public RegistryOptions withMeta(Object key, Object value) {
        Objects.requireNonNull(key, "meta key");
        Objects.requireNonNull(value, "meta value");
        Map<Object, Object> copy = new LinkedHashMap<>(meta);
        copy.put(key, value);
        return new RegistryOptions(keys, partitions, listeners, listenerNames, copy);
    }
}
