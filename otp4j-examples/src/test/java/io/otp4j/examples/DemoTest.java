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
        assertThat(Demo.parse(new String[0])).isEqualTo(new Demo.Options(20, 20, false));
        assertThat(Demo.parse(new String[] {"--duration", "5", "--load", "1_000"}))
                .isEqualTo(new Demo.Options(5, 1_000, false));
        assertThat(Demo.parse(new String[] {"--cluster", "--duration", "5"})).isEqualTo(new Demo.Options(5, 20, true));
        assertThat(Demo.parse(new String[] {"--help"})).isNull();
        assertThat(Demo.parse(new String[] {"--duration", "3", "-h"})).isNull();
    }

    @Test
    void badOptionsSayWhatIsWrong() {
        assertThatThrownBy(() -> Demo.parse(new String[] {"--fast"}))
                .isInstanceOf(Demo.UsageException.class)
                .hasMessageContaining("unknown option '--fast'");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--duration"}))
                .hasMessageContaining("--duration needs a number");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--duration", "0"}))
                .hasMessageContaining("--duration must be between 1 and 3600, was 0");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--load", "many"}))
                .hasMessageContaining("--load needs a whole number, not 'many'");
        assertThatThrownBy(() -> Demo.parse(new String[] {"--load", "10001"}))
                .hasMessageContaining("between 1 and 10000");
    }

    @Test
    void aShortRunShowsEveryPartAndItsFigures() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Demo.run(new Demo.Options(2, 10, false), new PrintStream(bytes, true, StandardCharsets.UTF_8), false);
        String out = bytes.toString(StandardCharsets.UTF_8);
        assertThat(out)
                .contains("A ring of 10,000 processes")
                .contains("100,000 hops in")
                .contains("a supervisor whose catalog loads in init took")
                .contains("the catalog has 1,000 items")
                .contains("Load: 10 client processes for 2 s (a line each second)")
                .containsPattern("(?m)^ +1 s +[0-9,]+ calls/s +mailboxes: mailer")
                .contains("One server is a bottleneck: rate limiter checks")
                .contains("Slow work in a handler: urgent mail behind a batch")
                .contains("Every read through one mailbox: cache reads")
                .contains("A crash on bad input:")
                .contains("Slow init: a supervisor waited")
                .contains("every accepted message arrived")
                .contains("the node is closed");
        assertThat(out).doesNotContain("\r");
    }
}
