package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code ./demo --durable}: the killed durable counter resumes from the last value it acknowledged. */
class DurableDemoTest {

    @Test
    void theRestartedCounterResumesFromTheLastAcknowledgedValue() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        boolean resumed =
                DurableDemo.run(new Demo.Options(3, 4, false), new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String output = bytes.toString(StandardCharsets.UTF_8);
        assertThat(resumed).as(output).isTrue();
        assertThat(output)
                .contains("killed the counter")
                .contains("incarnation 2")
                .contains("the restarted counter resumed from the last acknowledged value");
    }
}
