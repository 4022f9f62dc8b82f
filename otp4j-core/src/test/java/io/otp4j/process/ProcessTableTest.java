package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The node's table of live processes: found by number and by pid, gone once removed, never lost by a rebuild. */
class ProcessTableTest {

    /** Processes of a node, whose table entries are all the table reads (they may have exited already). */
    private static List<ProcessImpl> processes(Node node, int count) {
        List<ProcessImpl> all = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            all.add(processOf(node.spawn(self -> {})));
        }
        return all;
    }

    private static ProcessImpl processOf(Pid pid) {
        return Objects.requireNonNull(pid.process, "a local pid holds its process");
    }

    @Test
    void aProcessIsFoundByNumberAndPidUntilItIsRemoved() {
        try (Node node = Node.start("table")) {
            List<ProcessImpl> all = processes(node, 1_000);
            ProcessTable table = new ProcessTable();
            all.forEach(table::put);
            assertThat(table.size()).isEqualTo(1_000);
            for (ProcessImpl p : all) {
                assertThat(table.get(p.pid.id())).isSameAs(p);
                assertThat(table.get(p.pid)).isSameAs(p);
            }
            for (int i = 0; i < all.size(); i += 2) {
                assertThat(table.remove(all.get(i))).isTrue();
                assertThat(table.remove(all.get(i))).as("removed once").isFalse();
            }
            assertThat(table.size()).isEqualTo(500);
            for (int i = 0; i < all.size(); i++) {
                ProcessImpl p = all.get(i);
                assertThat(table.contains(p.pid)).isEqualTo(i % 2 == 1);
                assertThat(table.get(p.pid.id())).isEqualTo(i % 2 == 1 ? p : null);
            }
            Set<ProcessImpl> iterated = new HashSet<>();
            table.forEach(iterated::add);
            assertThat(iterated).hasSize(500).allMatch(p -> all.indexOf(p) % 2 == 1);
            assertThat(table.pids()).hasSize(500);
        }
    }

    @Test
    void aPidOfAnotherNodeWithTheSameNumberIsNotFound() {
        try (Node one = Node.start("twin");
                Node two = Node.start("twin")) {
            ProcessImpl mine = processOf(one.spawn(self -> {}));
            ProcessImpl theirs = processOf(two.spawn(self -> {}));
            assertThat(mine.pid.id()).isEqualTo(theirs.pid.id());
            ProcessTable table = new ProcessTable();
            table.put(mine);
            assertThat(table.get(theirs.pid)).isNull();
            assertThat(table.contains(theirs.pid)).isFalse();
            assertThat(table.remove(theirs)).isFalse();
            assertThat(table.get(mine.pid)).isSameAs(mine);
        }
    }

    @Test
    void churnReusesSlotsAndTheTableShrinksWithItsProcesses() {
        try (Node node = Node.start("churn")) {
            List<ProcessImpl> all = processes(node, 20_000);
            ProcessTable table = new ProcessTable();
            // Ten live at a time over 20,000 puts and removals: markers pile up and rebuilds drop them.
            for (int i = 0; i < all.size(); i++) {
                table.put(all.get(i));
                if (i >= 10) {
                    assertThat(table.remove(all.get(i - 10))).isTrue();
                }
            }
            assertThat(table.size()).isEqualTo(10);
            for (int i = 0; i < all.size(); i++) {
                assertThat(table.get(all.get(i).pid.id())).isEqualTo(i >= all.size() - 10 ? all.get(i) : null);
            }
            for (int i = all.size() - 10; i < all.size(); i++) {
                table.remove(all.get(i));
            }
            assertThat(table.isEmpty()).isTrue();
            assertThat(table.iterator().hasNext()).isFalse();
        }
    }

    @Test
    void readersNeverMissAProcessWhileWritesRebuildTheTable() throws InterruptedException {
        try (Node node = Node.start("readers")) {
            List<ProcessImpl> kept = processes(node, 100);
            List<ProcessImpl> churned = processes(node, 30_000);
            ProcessTable table = new ProcessTable();
            kept.forEach(table::put);
            CountDownLatch writing = new CountDownLatch(1);
            AtomicInteger misses = new AtomicInteger();
            AtomicReference<Throwable> failure = new AtomicReference<>();
            List<Thread> readers = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                readers.add(Thread.ofPlatform().start(() -> {
                    try {
                        // Bounded: the readers stop when the writer is done, or after 30 s at the latest.
                        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                        while (writing.getCount() > 0 && System.nanoTime() - deadline < 0) {
                            for (ProcessImpl p : kept) {
                                if (table.get(p.pid.id()) != p) {
                                    misses.incrementAndGet();
                                }
                            }
                        }
                    } catch (Throwable t) {
                        failure.set(t);
                    }
                }));
            }
            // Puts and removals that grow and shrink the table many times while the readers look.
            for (int i = 0; i < churned.size(); i++) {
                table.put(churned.get(i));
                if (i % 3 != 0) {
                    table.remove(churned.get(i));
                }
                if (i % 5_000 == 4_999) {
                    for (int j = 0; j <= i; j += 3) {
                        table.remove(churned.get(j));
                    }
                }
            }
            writing.countDown();
            for (Thread reader : readers) {
                assertThat(reader.join(Duration.ofSeconds(35))).isTrue();
            }
            assertThat(failure.get()).isNull();
            assertThat(misses.get())
                    .as("reads that missed a process always in the table")
                    .isZero();
            assertThat(table.size()).isEqualTo(kept.size());
        }
    }
}
