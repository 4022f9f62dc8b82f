package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The code of the package documentation, run as written. */
class ExamplesDocSnippetsTest {

    @Test
    void aCounterSeesItsCastsAndACrashedParserIsRestartedAlone() {
        List<String> failures = new ArrayList<>();
        try (Node node = Node.start("shop")) {
            // @start region="facades"
            Counter counter = Counter.start(node, 10);
            counter.add(5); // a cast: returns at once
            long now = counter.increment(1); // a call after casts sees them: 16

            Parsers parsers = Parsers.start(node, "parsers", 3, 10, Duration.ofSeconds(5));
            // @end
            Pid first = parsers.ref(0).pid();
            Pid second = parsers.ref(1).pid();
            Pid third = parsers.ref(2).pid();
            // @start region="crash"
            try {
                parsers.parse(0, "twelve");
            } catch (ServerExitedException e) { // worker 0 crashed: its supervisor restarts it,
                failures.add(e.getMessage()); // workers 1 and 2 never notice
            }
            // @end

            assertThat(now).isEqualTo(16);
            assertThat(failures).singleElement().asString().contains("twelve");
            Await.restarted(node, Parsers.workerName("parsers", 0), first);
            assertThat(parsers.parse(0, "12")).isEqualTo(12);
            assertThat(parsers.ref(1).pid()).isEqualTo(second);
            assertThat(parsers.ref(2).pid()).isEqualTo(third);
        }
    }
}
