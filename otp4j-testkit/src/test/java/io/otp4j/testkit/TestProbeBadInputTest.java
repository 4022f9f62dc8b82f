package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A probe refuses null arguments at once, with an exception that names the argument. */
class TestProbeBadInputTest {

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void nullsAreRefusedByName() {
        assertThatThrownBy(() -> TestProbe.spawn(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        try (Node node = Node.start("probe-bad-input")) {
            TestProbe probe = TestProbe.spawn(node);
            assertThatThrownBy(() -> TestProbe.spawn(node, (String) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("name");
            assertThatThrownBy(() -> probe.defaultTimeout(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> probe.expectMessage((Duration) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("timeout");
            assertThatThrownBy(() -> probe.expectMessage((Class<?>) null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("type");
            assertThatThrownBy(() -> probe.expectNoMessage(null))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessage("duration");
        }
    }
}
