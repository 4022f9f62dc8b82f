package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DemoTest {

    @Test
    void parsesOptionsAndDefaults() throws Exception {
        assertThat(Demo.parse(new String[0])).isEqualTo(new Demo.Options(10_000, 1_000_000, 3));
        assertThat(Demo.parse(new String[] {"--processes", "500", "--hops", "1_000", "--rounds", "2"}))
                .isEqualTo(new Demo.Options(500, 1_000, 2));
        assertThat(Demo.parse(new String[] {"--help"})).isNull();
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Demo.parse(new String[] {"--fast"}))
                .isInstanceOf(Demo.UsageException.class)
                .hasMessageContaining("unknown option '--fast'");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--processes"}))
                .hasMessageContaining("--processes needs a number");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--processes", "1"})).hasMessageContaining("between 2 and");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--hops", "many"}))
                .hasMessageContaining("whole number, not 'many'");
    }

    @Test
    void runsEveryPartAndAccountsForEveryMessage() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new Demo.Options(50, 5_000, 1), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("A ring of 50 processes")
                .contains("round 1: 5,000 hops")
                .contains("received Exit(crash: java.lang.IllegalArgumentException: negative input -1)")
                .contains("Down({shutdown, demo over})")
                .contains("every accepted message arrived")
                .contains("the node is closed");
    }
}
