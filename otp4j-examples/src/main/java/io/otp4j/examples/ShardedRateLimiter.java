package io.otp4j.examples;

import io.otp4j.process.Node;
import io.otp4j.supervisor.PartitionSupervisor;
import java.util.Objects;

/**
 * The token-bucket {@link RateLimiter} sharded by key: N limiter servers under a {@link PartitionSupervisor},
 * each owning the buckets of the keys that hash to it. Checks for one key stay in order on one server (so its
 * bucket is exact), while different keys are checked in parallel; a crashed partition is restarted with empty
 * buckets (full ones: the safe side for the users, not for the protected service) while the others keep serving.
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="sharded"}
 */
public final class ShardedRateLimiter {

    private final PartitionSupervisor partitions;

    private ShardedRateLimiter(PartitionSupervisor partitions) {
        this.partitions = partitions;
    }

    /**
     * Starts {@code shards} limiter servers under a partition supervisor registered as {@code name}.
     *
     * @param node the node it runs on
     * @param name the name the partition supervisor registers under
     * @param shards how many servers; at least 1
     * @param capacity each bucket's burst; at least 1
     * @param perSecond each bucket's refill rate; positive
     * @return a facade over the running limiters
     */
    public static ShardedRateLimiter start(Node node, String name, int shards, int capacity, double perSecond) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        RateLimiter.server(capacity, perSecond, node.clock()); // checks the settings before anything starts
        return new ShardedRateLimiter(PartitionSupervisor.start(
                node, name, shards, shard -> RateLimiter.server(capacity, perSecond, node.clock())));
    }

    /**
     * {@return whether a request for {@code key} may go ahead now; if so, it has used a token}
     *
     * @param key whose bucket to take a token from: a user, an address, ...
     */
    public boolean tryAcquire(String key) {
        Objects.requireNonNull(key, "key");
        return partitions.call(key, new RateLimiter.Acquire(key));
    }

    /**
     * {@return the tokens {@code key} has now}
     *
     * @param key whose bucket to read
     */
    public double available(String key) {
        Objects.requireNonNull(key, "key");
        return partitions.call(key, new RateLimiter.Available(key));
    }

    /** {@return the partition supervisor, for routing and introspection} */
    public PartitionSupervisor partitions() {
        return partitions;
    }

    /** Stops every shard and their supervisor. */
    public void stop() {
        partitions.stop();
    }
}
