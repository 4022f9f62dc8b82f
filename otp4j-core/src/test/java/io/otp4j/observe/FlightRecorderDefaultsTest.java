package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.io.IOException;
import java.text.ParseException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import jdk.jfr.Configuration;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.Test;

/**
 * What a recording with the JDK's own settings gets of otp4j's Flight Recorder events: the settings that {@code
 * -XX:StartFlightRecording} and {@code jcmd JFR.start} use when told nothing else, which name no otp4j event, so
 * each event's own annotations decide.
 */
class FlightRecorderDefaultsTest {

    @Test
    void aRecordingWithTheJdksSettingsGetsTheRareEventsButNotThoseOfEveryProcessOrCallback()
            throws IOException, ParseException {
        List<String> recorded = new CopyOnWriteArrayList<>();
        try (Node node = Node.start("jfr-defaults");
                RecordingStream stream = new RecordingStream(Configuration.getConfiguration("default"))) {
            stream.onEvent(e -> {
                String name = e.getEventType().getName();
                if (name.startsWith("otp4j.")) {
                    recorded.add(name);
                }
            });
            stream.startAsync();

            // The call's timeout comes first: that the recording holds it shows it ran for all that follows.
            GenServerRef<Echo.Req<?>, Echo.Cast> echo =
                    GenServer.start(node, new Echo(() -> "none"), StartOptions.defaults());
            CountDownLatch gate = new CountDownLatch(1);
            // The callback runs past the call's timeout, and so past SlowHandler's default threshold of 100 ms.
            assertThatThrownBy(() -> echo.call(new Echo.Blocked(gate), Duration.ofMillis(150)))
                    .isInstanceOf(CallTimeoutException.class);
            gate.countDown();
            echo.stop();
            Pid shortLived = node.spawn(self -> {});
            Within.get(Within.watch(node, shortLived));

            stream.stop(); // delivers everything committed before it
        }

        assertThat(recorded)
                .contains("otp4j.CallTimeout")
                .doesNotContain("otp4j.Spawn", "otp4j.Exit", "otp4j.SlowHandler");
    }
}
