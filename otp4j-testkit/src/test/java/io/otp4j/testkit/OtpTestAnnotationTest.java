package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;

/** {@code @OtpTest} alone is a test with the extension: no {@code @Test}, no {@code @ExtendWith}. */
class OtpTestAnnotationTest {

    private @Nullable Node beforeEachNode;

    @BeforeEach
    void lifecycleMethodsSeeTheTestsNode(Node node) {
        beforeEachNode = node;
    }

    @OtpTest
    void resolvesANode(Node node) {
        assertThat(node.isClosed()).isFalse();
        assertThat(node.name()).isEqualTo("OtpTestAnnotationTest.resolvesANode");
        assertThat(beforeEachNode).isSameAs(node);
        TestProbe probe = TestProbe.spawn(node);
        node.send(probe.pid(), "hi");
        assertThat(probe.expectMessage()).isEqualTo("hi");
    }

    @OtpTest
    void resolvesAClockThatDrivesTheNode(Node node, ManualClock clock) {
        assertThat(beforeEachNode).isSameAs(node);
        assertThat(node.clock()).isSameAs(clock);
        TestProbe probe = TestProbe.spawn(node);
        node.sendAfter(probe.pid(), Duration.ofMinutes(1), "later");

        clock.advance(Duration.ofMinutes(1));

        assertThat(probe.expectMessage()).isEqualTo("later");
    }
}
