package io.otp4j.persistence;

import io.otp4j.genserver.GenServer;
import io.otp4j.process.Node;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The child JVM of {@link KillTest}: adds 1 to an event-sourced tally stored in the SQLite file {@code args[0]},
 * over and over, printing {@code ACK <total>} after each acknowledged add, until it is killed or a minute passes.
 */
public final class WriterMain {

    private WriterMain() {}

    /** Runs the writer. */
    public static void main(String[] args) {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        try (Node node = Node.start("writer");
                SqlStore store = SqlStore.sqlite(Path.of(args[0]))) {
            var tally = GenServer.start(
                    node,
                    Durable.eventSourced(
                            "killed", store, Tally.STATES, Tally.EVENTS, new EventLog(50, 100), new Tally()));
            System.out.println("STARTED " + tally.call(new Tally.Total()));
            for (int i = 0; i < 1_000_000 && System.nanoTime() < deadline; i++) {
                System.out.println("ACK " + tally.call(new Tally.Add(1)));
            }
        }
    }
}
