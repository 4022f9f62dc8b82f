package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The rate limiter called on another node of one JVM, over JGroups' shared loopback, as the cluster demo does. */
class RemoteRateLimiterTest {

    private static ClusterConfig config() {
        ClusterConfig config = ClusterConfig.of("otp4j-examples-" + UUID.randomUUID())
                .withTransport(ClusterConfig.Transport.SHARED_LOOPBACK)
                .withSecret("a secret for the examples' tests");
        for (Class<?> type : ClusterWire.CLASSES) {
            config = config.withAllowedClass(type);
        }
        return config;
    }

    @Test
    void aLimiterOnAnotherNodeAnswersByNameAndANodeNotConnectedFailsAtOnce() {
        ClusterConfig config = config();
        ManualClock clock = new ManualClock();
        try (Node here = Node.start("limiter-here");
                Node there = Node.start("limiter-there", clock);
                Cluster hereCluster = Cluster.join(here, config);
                Cluster thereCluster = Cluster.join(there, config)) {
            Await.until(
                    "each node sees the other",
                    () -> hereCluster.nodes().contains("limiter-there")
                            && thereCluster.nodes().contains("limiter-here"));
            RateLimiter.start(there, 2, 1.0, StartOptions.defaults().withName("limiter"));
            RateLimiter remote = RateLimiter.at(here, "limiter-there", "limiter");
            assertThat(remote.tryAcquire("ada")).isTrue();
            assertThat(remote.tryAcquire("ada")).isTrue();
            assertThat(remote.tryAcquire("ada")).isFalse(); // the bucket lives on the other node, on its clock
            clock.advance(Duration.ofSeconds(1));
            assertThat(remote.available("ada")).isEqualTo(1.0);

            RateLimiter nowhere = RateLimiter.at(here, "limiter-elsewhere", "limiter");
            long start = System.nanoTime();
            assertThatThrownBy(() -> nowhere.tryAcquire("ada"))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noconnection()));
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        }
    }
}
