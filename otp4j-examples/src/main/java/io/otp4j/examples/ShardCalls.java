package io.otp4j.examples;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The calls of a node's clients to the shards: a facade over each node's shard, this node's own or one on
 * another node by its name there ({@link RateLimiter#at}), made once and shared by the clients.
 */
final class ShardCalls {

    private final ClusterMember member;
    private final Map<String, RateLimiter> shards = new ConcurrentHashMap<>();

    ShardCalls(ClusterMember member) {
        this.member = member;
    }

    /**
     * {@return whether the shard of {@code owner} let the request for {@code key} go ahead}
     *
     * @throws io.otp4j.genserver.ServerExitedException with {@code noconnection} if {@code owner} is not connected
     *     or is lost before it answers
     * @throws io.otp4j.genserver.CallTimeoutException if no answer came within the call's default timeout
     */
    boolean tryAcquire(String owner, String key) {
        return shards.computeIfAbsent(owner, this::shardOf).tryAcquire(key);
    }

    private RateLimiter shardOf(String owner) {
        return owner.equals(member.node().name())
                ? member.shard()
                : RateLimiter.at(member.node(), owner, ClusterMember.SHARD);
    }
}
