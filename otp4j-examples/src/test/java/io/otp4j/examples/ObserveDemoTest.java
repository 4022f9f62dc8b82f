package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.observer.Observer;
import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildInfo;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.testing.Eventually;
import org.junit.jupiter.api.Test;

/** {@code ./demo --observe}: its options, and the live tree the dashboard keeps showing after the demo. */
class ObserveDemoTest {

    @Test
    void parsesTheObserveOptions() throws Exception {
        assertThat(Demo.parse(new String[] {"--observe"})).isEqualTo(new Demo.Options(20, 20, false, true, 0));
        assertThat(Demo.parse(new String[] {"--observe", "--port", "8123", "--duration", "5"}))
                .isEqualTo(new Demo.Options(5, 20, false, true, 8123));
        assertThatThrownBy(() -> Demo.parse(new String[] {"--observe", "--cluster"}))
                .hasMessageContaining("--observe runs with the one-node demo, not with --cluster");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--port", "8123"}))
                .hasMessageContaining("--port is the dashboard's port: give it with --observe");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--observe", "--port", "70000"}))
                .hasMessageContaining("--port must be between 0 and 65535, was 70000");
    }

    @Test
    void theLiveTreeRunsCountersFedByATicker() {
        try (Node node = Node.start("observe-demo");
                Observer observer = Observer.builder(node).start()) {
            Supervisor live = ObserveDemo.startLiveTree(node);
            assertThat(live.whichChildren())
                    .extracting(ChildInfo::id)
                    .containsExactly("counter-0", "counter-1", "counter-2", "counter-3");
            Eventually.until(
                    () -> Counter.whereis(node, "counter-3").orElseThrow().get() > 0, "the ticker fed counter-3");
            assertThat(node.whereis("ticker")).isPresent();
            assertThat(observer.url().toString())
                    .startsWith("http://127.0.0.1:")
                    .contains("/#token=");
        }
    }
}
