package io.otp4j.bench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.IntFunction;

/**
 * N servers (processes, actors) chosen by a stable hash of a key: the standard cure for a single server that
 * became a bottleneck, as Elixir's {@code PartitionSupervisor} routes {@code {:via, PartitionSupervisor, {name,
 * key}}}. The same key always reaches the same partition, so per-key state (a rate limiter's bucket) stays in
 * one place. The hash is {@link Object#hashCode()}, which for strings is specified and so stable across JVMs.
 *
 * <p>Once otp4j has a PartitionSupervisor, {@link #route} becomes its lookup and {@link #start} its start; the
 * workloads only call these two.
 *
 * @param <T> what one partition is
 */
public final class KeyHashShards<T> {

    private final List<T> partitions;

    private KeyHashShards(List<T> partitions) {
        this.partitions = partitions;
    }

    /**
     * Starts {@code count} partitions, calling {@code start} with each index from 0 up.
     *
     * @throws IllegalArgumentException if {@code count < 1}
     */
    public static <T> KeyHashShards<T> start(int count, IntFunction<T> start) {
        Objects.requireNonNull(start, "start");
        if (count < 1) {
            throw new IllegalArgumentException("count must be at least 1, was " + count);
        }
        List<T> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(Objects.requireNonNull(start.apply(i), "partition"));
        }
        return new KeyHashShards<>(List.copyOf(partitions));
    }

    /** {@return the partition of {@code key}: the same one for equal keys, every time} */
    public T route(Object key) {
        return partitions.get(index(key, partitions.size()));
    }

    /** {@return the index of {@code key}'s partition among {@code count}} */
    public static int index(Object key, int count) {
        Objects.requireNonNull(key, "key");
        return Math.floorMod(key.hashCode(), count);
    }

    /** {@return every partition, in index order} */
    public List<T> all() {
        return partitions;
    }
}
