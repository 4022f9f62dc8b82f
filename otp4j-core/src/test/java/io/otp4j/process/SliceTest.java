package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Slices: virtual threads are not time-sliced, so a process that always has work would keep its carrier until it ran
 * out. A process gives its carrier up once it has run for a slice while other virtual threads wait for one, at the
 * next message it takes, or at the next rejection it meets as a sender. Each test keeps every carrier busy with such
 * processes, one of which starts one more, which must run before any of them has run out of work.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SliceTest {

    /** The carriers of the virtual threads, counted as the JDK counts them. */
    private static final int CARRIERS = Integer.getInteger(
            "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());

    /** Work for each message: 50 µs of a busy loop. */
    private static final long WORK_NANOS = 50_000;

    /** Messages for each busy process: two seconds of work. */
    private static final int EACH = 40_000;

    private static void work() {
        long end = System.nanoTime() + WORK_NANOS;
        while (System.nanoTime() - end < 0) {
            Thread.onSpinWait();
        }
    }

    /**
     * Starts a process per carrier, each with {@link #EACH} messages of {@link #WORK_NANOS} queued, counting what
     * they handle in {@code handled}; the first runs {@code atMessage100} when it takes its message 100.
     */
    private static void keepCarriersBusy(Node node, AtomicLong handled, Runnable atMessage100) {
        Pid[] busy = new Pid[CARRIERS];
        for (int c = 0; c < CARRIERS; c++) {
            boolean first = c == 0;
            busy[c] = node.spawn(self -> {
                for (int i = 0; i < EACH; i++) {
                    self.receive();
                    if (first && i == 100) {
                        atMessage100.run();
                    }
                    work();
                    handled.incrementAndGet();
                }
            });
        }
        for (int i = 0; i < EACH; i++) {
            for (Pid pid : busy) {
                node.send(pid, i);
            }
        }
    }

    @Test
    void aProcessWithALongQueueGivesItsCarrierUpToOneThatWaits() throws Exception {
        try (Node node = Node.start("slices")) {
            AtomicLong handled = new AtomicLong();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            // Queued behind the first busy process on its carrier, as a process spawned by a process is.
            keepCarriersBusy(node, handled, () -> node.spawn(waiting -> ran.complete(handled.get())));

            assertThat(ran.get(30, TimeUnit.SECONDS))
                    .as("messages handled when the waiting process ran")
                    .isLessThan(EACH);
        }
    }

    /** A process started from a platform thread waits in the pool's submission queue, not on a carrier's. */
    @Test
    void aProcessStartedFromOutsideRunsBesideBusyOnes() throws Exception {
        try (Node node = Node.start("slices-outside")) {
            AtomicLong handled = new AtomicLong();
            keepCarriersBusy(node, handled, () -> {});
            for (int round = 0; round < 5; round++) {
                CompletableFuture<Long> ran = new CompletableFuture<>();
                node.spawn(self -> ran.complete(handled.get()));
                assertThat(ran.get(30, TimeUnit.SECONDS))
                        .as("messages handled when the process started in round %d ran", round)
                        .isLessThan(EACH);
            }
        }
    }

    @Test
    void aSenderThatKeepsAMailboxFullGivesItsCarrierUpToOneThatWaits() throws Exception {
        try (Node node = Node.start("slices-flood")) {
            // A receiver that takes nothing: its mailbox stays full, and every send after the first is rejected.
            CountDownLatch stop = new CountDownLatch(1);
            Pid full = node.spawn(
                    SpawnOptions.defaults().withMailbox(MailboxConfig.bounded(1, OverflowPolicy.REJECT)), self -> {
                        stop.await();
                    });
            long sends = 20_000_000; // seconds of rejections for each sender
            AtomicLong rejected = new AtomicLong();
            CompletableFuture<Long> ran = new CompletableFuture<>();
            for (int c = 0; c < CARRIERS; c++) {
                boolean first = c == 0;
                node.spawn(self -> {
                    for (long i = 0; i < sends && stop.getCount() > 0; i++) {
                        try {
                            self.send(full, i);
                        } catch (MailboxFullException e) {
                            rejected.incrementAndGet();
                            if (first && i == 200) {
                                node.spawn(waiting -> ran.complete(rejected.get()));
                            }
                        }
                    }
                });
            }

            try {
                assertThat(ran.get(30, TimeUnit.SECONDS))
                        .as("rejections when the waiting process ran")
                        .isLessThan(sends);
            } finally {
                stop.countDown();
            }
        }
    }
}
