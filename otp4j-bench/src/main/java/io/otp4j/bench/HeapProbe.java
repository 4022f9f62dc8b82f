package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The shared part of the memory probes: fill a fresh node with {@code count} idle processes, divide the growth
 * of the used heap (after full collections) by {@code count}, and report the first population's figure. Later
 * rounds in the same JVM are printed too, for comparison, but they read lower (their code is compiled, and their
 * parked frames are smaller than the first population's, partly interpreted ones), so a figure taken from them
 * would understate what an application's first servers cost. Run a probe in a fresh JVM, once per round. The
 * side-by-side scenarios measure Pekko's actors the same way, through {@link #measureRounds}.
 */
public final class HeapProbe {

    /** One round's population: created by a {@link Population} factory, released by {@link #close()}. */
    @FunctionalInterface
    public interface Population extends AutoCloseable {
        /** Releases the population (stops the processes or actors) and waits until it is gone. */
        @Override
        void close();
    }

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private HeapProbe() {}

    /**
     * Runs {@code rounds} rounds: each starts a node, lets {@code populate} create {@code count} processes in
     * it, waits until every process waits in {@code receive}, and measures the heap growth.
     *
     * @param what what one process is, for the output ("idle process")
     * @return the bytes per process of the first round
     */
    public static double measure(String what, int count, int rounds, Consumer<Node> populate) {
        return measureRounds(what, count, rounds, () -> {
            Node node = Node.start("memory");
            populate.accept(node);
            awaitAllWaiting(node);
            return node::close;
        });
    }

    /**
     * Runs {@code rounds} rounds: each measures the used heap, lets {@code populate} create {@code count} idle
     * processes (or actors) and return once all are idle, measures again, and closes the population.
     *
     * @param what what one member of the population is, for the output
     * @return the bytes per member of the first round
     */
    public static double measureRounds(String what, int count, int rounds, Supplier<Population> populate) {
        if (count < 1 || rounds < 1) {
            throw new IllegalArgumentException("count and rounds must be at least 1, were " + count + ", " + rounds);
        }
        double[] perProcess = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long before = usedAfterGc();
            try (Population population = populate.get()) {
                long after = usedAfterGc();
                perProcess[round] = (double) (after - before) / count;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %,d %s, heap growth %,d bytes, %.0f bytes each%n",
                        round + 1,
                        count,
                        what,
                        after - before,
                        perProcess[round]);
            }
        }
        System.out.printf(Locale.ROOT, "first population: %.0f bytes each (%s)%n", perProcess[0], what);
        return perProcess[0];
    }

    /** Waits (up to a minute) until every process of {@code node} waits in {@code receive} or hibernates. */
    public static void awaitAllWaiting(Node node) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = node.processes().stream()
                    .allMatch(p -> node.info(p)
                            .map(i -> i.status() == ProcessStatus.WAITING || i.status() == ProcessStatus.HIBERNATING)
                            .orElse(true));
            if (all) {
                return;
            }
            LockSupport.parkNanos(50_000_000);
        }
        throw new IllegalStateException("processes did not all reach receive within a minute");
    }

    /** Waits (up to a minute) until {@code node} has no processes left. */
    static void awaitNoProcesses(Node node) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (node.processCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("processes did not exit within a minute");
            }
            LockSupport.parkNanos(10_000_000);
        }
    }

    /** {@return the used heap after full collections: the least of five readings} */
    public static long usedAfterGc() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000);
            used = Math.min(used, MEMORY.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
