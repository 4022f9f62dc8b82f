package io.otp4j.cluster;

import io.otp4j.process.Pid;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * How to start a {@link ClusterRegistry} on one node. Immutable; each {@code with…} returns a copy. Each node's
 * options are its own: its listeners and metadata are local; the resolver is used while this node is the view's
 * coordinator, so every node of a registry should be given the same one.
 *
 * @param listeners processes sent a {@link ClusterRegistryEvent} for every change of this node's view of the
 *     registry
 * @param resolver what decides a conflict on a unique key (default {@link ConflictResolver#earliest()})
 * @param meta the registry's metadata at start, on this node; see {@link ClusterRegistry#meta}
 * @param <K> the keys
 * @param <V> the values
 */
public record ClusterRegistryOptions<K, V>(
        List<Pid> listeners, ConflictResolver<K, V> resolver, Map<Object, Object> meta) {

    /** Checks and copies the arguments. */
    public ClusterRegistryOptions {
        listeners = List.copyOf(Objects.requireNonNull(listeners, "listeners"));
        Objects.requireNonNull(resolver, "resolver");
        meta = Map.copyOf(Objects.requireNonNull(meta, "meta"));
    }

    /**
     * {@return no listener, the default conflict rule, no metadata}
     *
     * @param <K> the keys
     * @param <V> the values
     */
    public static <K, V> ClusterRegistryOptions<K, V> defaults() {
        return new ClusterRegistryOptions<>(List.of(), ConflictResolver.earliest(), Map.of());
    }

    /**
     * {@return a copy that also tells {@code listener} of every change}
     *
     * @param listener a process told of every register, unregister and conflict, as ClusterRegistryEvent messages
     */
    public ClusterRegistryOptions<K, V> withListener(Pid listener) {
        Objects.requireNonNull(listener, "listener");
        return new ClusterRegistryOptions<>(
                Stream.concat(listeners.stream(), Stream.of(listener)).toList(), resolver, meta);
    }

    /**
     * {@return a copy whose conflicts {@code resolver} decides}
     *
     * @param resolver decides which entry keeps a key two nodes registered during a split
     */
    public ClusterRegistryOptions<K, V> withResolver(ConflictResolver<K, V> resolver) {
        return new ClusterRegistryOptions<>(listeners, resolver, meta);
    }

    /**
     * {@return a copy whose registry starts with the metadata {@code key} set to {@code value}}
     *
     * @param key the metadata's key
     * @param value its value, read with {@link ClusterRegistry#meta}
     */
    public ClusterRegistryOptions<K, V> withMeta(Object key, Object value) {
        Objects.requireNonNull(key, "meta key");
        Objects.requireNonNull(value, "meta value");
        Map<Object, Object> copy = new LinkedHashMap<>(meta);
        copy.put(key, value);
        return new ClusterRegistryOptions<>(listeners, resolver, copy);
    }
}
