package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.PartitionSupervisor;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ShardedRateLimiterTest {

    @Test
    void eachKeyKeepsItsOwnBucketOnItsOwnShard() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("limiters", clock)) {
            ShardedRateLimiter limiter = ShardedRateLimiter.start(node, "limiters", 4, 2, 1.0);
            Set<Integer> shards = new HashSet<>();
            for (int user = 0; user < 40; user++) {
                String key = "user-" + user;
                shards.add(limiter.partitions().partitionOf(key));
                assertThat(limiter.tryAcquire(key)).isTrue();
                assertThat(limiter.tryAcquire(key)).isTrue();
                assertThat(limiter.tryAcquire(key)).isFalse(); // the same shard saw both: the bucket is exact
            }
            assertThat(shards).containsExactlyInAnyOrder(0, 1, 2, 3); // the keys spread over every shard
            clock.advance(Duration.ofSeconds(1));
            assertThat(limiter.tryAcquire("user-7")).isTrue();
            assertThat(limiter.available("user-7")).isZero();
        }
    }

    @Test
    void aCrashedShardIsRestartedWhileTheOthersKeepTheirBuckets() throws Exception {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("limiters", clock)) {
            ShardedRateLimiter limiter = ShardedRateLimiter.start(node, "limiters", 2, 1, 1.0);
            String a = key(limiter, 0);
            String b = key(limiter, 1);
            assertThat(limiter.tryAcquire(a)).isTrue();
            assertThat(limiter.tryAcquire(b)).isTrue();
            Pid crashed = limiter.partitions().pid(a);
            node.exit(crashed, ExitReason.kill());
            Await.restarted(node, PartitionSupervisor.partitionName("limiters", 0), crashed);
            assertThat(limiter.tryAcquire(a)).isTrue(); // a new shard: a full bucket
            assertThat(limiter.tryAcquire(b)).isFalse(); // the other shard kept its state
        }
    }

    @Test
    void badSettingsAreRefusedBeforeAnythingStarts() {
        try (Node node = Node.start("limiters")) {
            assertThatThrownBy(() -> ShardedRateLimiter.start(node, "limiters", 2, 0, 1.0))
                    .hasMessageContaining("capacity must be at least 1, was 0");
            assertThatThrownBy(() -> ShardedRateLimiter.start(node, "limiters", 0, 1, 1.0))
                    .hasMessageContaining("partitions must be at least 1, was 0");
            assertThat(node.whereis("limiters")).isEmpty();
        }
    }

    private static String key(ShardedRateLimiter limiter, int shard) {
        for (int i = 0; ; i++) {
            if (limiter.partitions().partitionOf("key-" + i) == shard) {
                return "key-" + i;
            }
        }
    }
}
