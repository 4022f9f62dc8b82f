package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ClusterNodeTest {

    @Test
    void argumentsGoThroughTheCommandLineUnchanged() {
        ClusterNode.Arguments arguments = new ClusterNode.Arguments(
                "node-2", 7801, List.of("127.0.0.1:7800", "127.0.0.1:7801"), "demo-cluster", "node-1");
        assertThat(ClusterNode.parse(arguments.toArgs().toArray(String[]::new))).isEqualTo(arguments);
    }

    @Test
    void badArgumentsSayWhatIsWrong() {
        assertThatThrownBy(() -> ClusterNode.parse(new String[] {"--name"}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--name needs a value");
        assertThatThrownBy(() -> ClusterNode.parse(new String[] {"--port", "seventy"}))
                .hasMessageContaining("--port needs a whole number, not 'seventy'");
        assertThatThrownBy(() -> ClusterNode.parse(new String[] {"--port", "70000"}))
                .hasMessageContaining("--port must be between 1 and 65535, was 70000");
        assertThatThrownBy(() -> ClusterNode.parse(new String[] {"--colour", "red"}))
                .hasMessageContaining("unknown option '--colour'");
        assertThatThrownBy(() -> ClusterNode.parse(new String[] {"--name", "node-2"}))
                .hasMessageContaining("--name, --port, --members, --cluster-name and --control are all needed");
    }
}
