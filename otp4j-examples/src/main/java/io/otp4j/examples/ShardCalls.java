package io.otp4j.examples;

import io.otp4j.cluster.DistributedSupervisor;
import io.otp4j.process.Pid;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls of a node's clients to the limiter shards: a facade over each shard by its via name in the distributed
 * supervisor ({@link DistributedSupervisor#via}), wherever it runs now, made once per shard and shared by the
 * clients.
 */
final class ShardCalls {

    private final DistributedSupervisor shards;
    private final Map<String, RateLimiter> limiters = new ConcurrentHashMap<>();

    ShardCalls(DistributedSupervisor shards) {
        this.shards = shards;
    }

    /**
     * {@return whether shard {@code id} let the request for {@code key} go ahead}
     *
     * @throws io.otp4j.genserver.ServerNotFoundException if no node runs the shard now, as this node knows it
     * @throws io.otp4j.genserver.ServerExitedException with {@code noconnection} if the shard's node is not
     *     connected or is lost before it answers
     * @throws io.otp4j.genserver.CallTimeoutException if no answer came within the call's default timeout
     */
    boolean tryAcquire(String id, String key) {
        return limiters.computeIfAbsent(id, i -> RateLimiter.via(shards.via(i))).tryAcquire(key);
    }

    /** {@return the node shard {@code id} runs on, as this node knows it now} */
    Optional<String> nodeOf(String id) {
        return shards.whereis(id).map(Pid::node);
    }
}
