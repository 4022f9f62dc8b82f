package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap bytes per idle process: spawns N processes that each wait in {@code receive()}, and divides the growth
 * of the used heap, after full collections, by N. A parked virtual thread keeps its stack in a heap object,
 * so the figure includes the thread, its stack, the mailbox, the pid and the node's bookkeeping.
 *
 * <p>The measurement repeats in fresh nodes, and the median of the rounds after the first is reported: the
 * first rounds still run partly interpreted code, whose parked frames are larger than compiled ones.
 *
 * <pre>usage: IdleProcessMemory [count [rounds]]   (default 200,000 processes, 5 rounds)</pre>
 */
public final class IdleProcessMemory {

    private IdleProcessMemory() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        warmUp();
        double[] perProcess = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long before = usedAfterGc(memory);
            try (Node node = Node.start("memory")) {
                for (int i = 0; i < count; i++) {
                    node.spawn(self -> self.receive());
                }
                awaitAllWaiting(node);
                long after = usedAfterGc(memory);
                perProcess[round] = (double) (after - before) / count;
                System.out.printf(
                        Locale.ROOT,
                        "round %d: %,d idle processes, heap growth %,d bytes, %.0f bytes per idle process%n",
                        round + 1,
                        count,
                        after - before,
                        perProcess[round]);
            }
        }
        double[] settled = Arrays.copyOfRange(perProcess, Math.min(1, rounds - 1), rounds);
        Arrays.sort(settled);
        System.out.printf(
                Locale.ROOT,
                "median of rounds 2-%d: %.0f bytes per idle process%n",
                rounds,
                settled[settled.length / 2]);
    }

    /** Lets the JIT compile spawn, receive (including its parking path) and exit. */
    private static void warmUp() throws InterruptedException {
        try (Node node = Node.start("warm-up")) {
            for (int round = 0; round < 40; round++) {
                List<Pid> batch = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    batch.add(node.spawn(self -> self.receive()));
                }
                awaitAllWaiting(node);
                batch.forEach(pid -> node.send(pid, "wake"));
                long deadline = System.nanoTime() + 60_000_000_000L;
                while (node.processCount() > 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("warm-up processes did not exit within a minute");
                    }
                    LockSupport.parkNanos(10_000_000);
                }
            }
        }
    }

    private static void awaitAllWaiting(Node node) {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = node.processes().stream()
                    .allMatch(p -> node.info(p)
                            .map(i -> i.status() == ProcessStatus.WAITING)
                            .orElse(true));
            if (all) {
                return;
            }
            LockSupport.parkNanos(50_000_000);
        }
        throw new IllegalStateException("processes did not all reach receive within a minute");
    }

    private static long usedAfterGc(MemoryMXBean memory) {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            LockSupport.parkNanos(100_000_000);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
