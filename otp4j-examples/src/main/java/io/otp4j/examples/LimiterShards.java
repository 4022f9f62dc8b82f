package io.otp4j.examples;

import io.otp4j.cluster.ChildFactory;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.stream.IntStream;

/**
 * The rate limiter's shards in the cluster demo: a fixed number of children of one distributed supervisor, {@value
 * #SUPERVISOR}, ids {@code shard-0} to {@code shard-11}, each a limiter server. A key belongs to one shard, its
 * hash modulo the shard count, the same in every JVM ({@link String#hashCode}); where that shard runs is the
 * supervisor's business, and the clients find it by its via name.
 */
final class LimiterShards {

    /** The distributed supervisor's name. */
    static final String SUPERVISOR = "limiter";

    /** The kind of its children: a limiter shard, made from its id. */
    static final String KIND = "limiter-shard";

    /** How many shards there are. */
    static final int COUNT = 12;

    /** The shards' ids, {@code shard-0} first. */
    static final List<String> IDS =
            IntStream.range(0, COUNT).mapToObj(LimiterShards::id).toList();

    private LimiterShards() {}

    /**
     * {@return the id of shard {@code index}}
     *
     * @throws IllegalArgumentException if {@code index} is not between 0 and {@link #COUNT} - 1
     */
    static String id(int index) {
        if (index < 0 || index >= COUNT) {
            throw new IllegalArgumentException(
                    "a shard's index must be between 0 and " + (COUNT - 1) + ", was " + index);
        }
        return "shard-" + index;
    }

    /** {@return the id of the shard that holds {@code key}'s bucket} */
    static String shardOf(String key) {
        Objects.requireNonNull(key, "key");
        return id(Math.floorMod(key.hashCode(), COUNT));
    }

    /**
     * {@return the supervisor's kinds on {@code node}}: a limiter shard whose {@code init} calls {@code started}
     * with the shard's id and its process's context, at every start and restart
     */
    static Map<String, ChildFactory> kinds(Node node, BiConsumer<String, ProcessContext> started) {
        Objects.requireNonNull(started, "started");
        return Map.of(KIND, argument -> {
            if (!(argument instanceof String id) || !IDS.contains(id)) {
                throw new IllegalArgumentException(
                        "a limiter shard is made from its id, one of " + IDS + ", not " + argument);
            }
            return RateLimiter.server(
                    ClusterMember.CAPACITY, ClusterMember.PER_SECOND, node.clock(), self -> started.accept(id, self));
        });
    }
}
