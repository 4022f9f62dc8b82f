package io.otp4j.persistence;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes of many servers in the same instant share durable flushes, and each is acknowledged after its own. */
class GroupCommitTest {

    @TempDir
    Path dir;

    @Test
    void manyServersWritingAtOnceShareFlushes() throws Exception {
        int servers = 64;
        int writesEach = 20;
        try (Node node = Node.start("group");
                SqlStore store = SqlStore.sqlite(dir.resolve("group.db"));
                ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<GenServerRef<Tally.Request<?>, Tally.Bump>> tallies = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                tallies.add(GenServer.start(
                        node,
                        Durable.eventSourced(
                                "t" + i, store, Tally.STATES, Tally.EVENTS, EventLog.defaults(), new Tally())));
            }
            long flushesBefore = store.flushes();
            List<CompletableFuture<Long>> lasts = Tally.addAtOnce(tallies, writesEach, 1, callers);
            for (var last : lasts) {
                assertThat(last.get(60, TimeUnit.SECONDS)).isEqualTo(writesEach);
            }
            long flushes = store.flushes() - flushesBefore;
            assertThat(flushes)
                    .as("flushes for %d writes", servers * writesEach)
                    .isPositive()
                    .isLessThan(servers * writesEach / 2);
        }
    }
}
