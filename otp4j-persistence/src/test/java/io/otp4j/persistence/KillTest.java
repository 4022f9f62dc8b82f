package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.process.Node;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} of a JVM in the middle of a stream of durable writes: after a restart, the state is the prefix
 * the killed JVM had acknowledged, plus at most the one write it was waiting on (committed, not yet acknowledged).
 */
class KillTest {

    private static final int ACKS_BEFORE_KILL = 150;

    @TempDir
    Path dir;

    @Test
    void aKilledWritersStateIsItsAcknowledgedPrefix() throws Exception {
        Path file = dir.resolve("killed.db");
        long lastAck = 0;
        for (int round = 0; round < 2; round++) {
            long before = lastAck;
            lastAck = writeUntilKilled(file);
            assertThat(lastAck).isGreaterThanOrEqualTo(before + ACKS_BEFORE_KILL);
            try (Node node = Node.start("recover");
                    SqlStore store = SqlStore.sqlite(file)) {
                var tally = GenServer.start(
                        node,
                        Durable.eventSourced(
                                "killed", store, Tally.STATES, Tally.EVENTS, new EventLog(50, 100), new Tally()));
                long total = tally.call(new Tally.Total());
                assertThat(total)
                        .as("the total after a kill -9 at ack %d", lastAck)
                        .isBetween(lastAck, lastAck + 1);
                lastAck = total;
            }
        }
    }

    /** Starts a writer JVM, kills it with SIGKILL once it has acknowledged enough, and returns its last ack. */
    private static long writeUntilKilled(Path file) throws IOException, InterruptedException {
        Process writer =
                ChildJvm.of(WriterMain.class, List.of(), file.toString()).start();
        long lastAck = -1;
        List<String> output = new ArrayList<>();
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(writer.getInputStream(), StandardCharsets.UTF_8))) {
            int acks = 0;
            String line;
            while ((line = lines.readLine()) != null) {
                if (output.size() < 20) {
                    output.add(line);
                }
                if (line.startsWith("ACK ")) {
                    lastAck = Long.parseLong(line.substring(4));
                    if (++acks == ACKS_BEFORE_KILL) {
                        // SIGKILL by the process id; through the handle, so that its output can still be read.
                        writer.toHandle().destroyForcibly();
                    }
                }
            }
        } finally {
            writer.destroyForcibly();
            assertThat(writer.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(lastAck).as("the writer's first lines: %s", output).isPositive();
        return lastAck;
    }
}
