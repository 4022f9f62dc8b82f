package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Messages.Hello;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Two nodes over JGroups' TCP on 127.0.0.1: they find each other through the static member list and talk. */
class ClusterTcpTest {

    private static final Duration BOUND = Duration.ofSeconds(10);

    @Test
    void twoNodesJoinOverTcpOnLoopbackAndMessagesAndMonitorsCross() throws IOException {
        int portA = Members.freePort();
        int portB = Members.freePort();
        ClusterConfig config = ClusterConfig.of("otp4j-tcp-" + UUID.randomUUID())
                .withSecret(Members.SECRET)
                .withAllowedClass(Hello.class)
                .withInitialMembers(List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));
        try (Node a = Node.start("tcp-a");
                Node b = Node.start("tcp-b");
                Cluster ca = Cluster.join(a, config.withPort(portA));
                Cluster cb = Cluster.join(b, config.withPort(portB))) {
            Members.connected(ca, cb);
            TestProbe there = TestProbe.spawn(b);
            TestProbe here = TestProbe.spawn(a);
            Pid remote = Members.seenFrom(a, there.pid());
            here.send(remote, new Hello(here.pid(), "over tcp"));
            Hello hello = there.expectMessage(Hello.class, BOUND);
            assertThat(hello.text()).isEqualTo("over tcp");
            here.watch(remote);
            Eventually.until(
                    () -> !b.info(there.pid()).orElseThrow().monitoredBy().isEmpty(), "b holds the monitor");
            there.exit(ExitReason.custom("done"));
            here.expectDown(remote, ExitReason.custom("done"), BOUND);
        }
    }
}
