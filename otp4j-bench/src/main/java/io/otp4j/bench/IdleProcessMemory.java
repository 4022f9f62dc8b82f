package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessStatus;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;

/**
 * Heap bytes per idle process: spawns N processes that each wait in {@code receive()}, and divides the growth
 * of the used heap, after full collections, by N. A parked virtual thread keeps its stack in a heap object,
 * so the figure includes the thread, its stack, the mailbox, the pid and the node's bookkeeping.
 *
 * <pre>usage: IdleProcessMemory [count]   (default 200,000)</pre>
 */
public final class IdleProcessMemory {

    private IdleProcessMemory() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        try (Node node = Node.start("memory")) {
            // Warm up: let the JIT compile spawn, receive and exit, so the measured processes park in compiled
            // frames (an interpreted frame is several times larger), then measure from a settled heap.
            for (int round = 0; round < 40; round++) {
                java.util.List<io.otp4j.process.Pid> batch = new java.util.ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    batch.add(node.spawn(self -> self.receive()));
                }
                awaitAllWaiting(node);
                batch.forEach(pid -> node.send(pid, "wake"));
                awaitExit(node);
            }
            long before = usedAfterGc(memory);
            for (int i = 0; i < count; i++) {
                node.spawn(self -> self.receive());
            }
            awaitAllWaiting(node);
            long after = usedAfterGc(memory);
            double perProcess = (double) (after - before) / count;
            System.out.printf(
                    Locale.ROOT,
                    "idle processes: %,d; heap growth %,d bytes; %.0f bytes per idle process%n",
                    count,
                    after - before,
                    perProcess);
        }
    }

    private static void awaitExit(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (node.processCount() > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("warm-up processes did not exit within a minute");
            }
            Thread.sleep(10);
        }
    }

    private static void awaitAllWaiting(Node node) throws InterruptedException {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (System.nanoTime() < deadline) {
            boolean all = node.processes().stream()
                    .allMatch(p -> node.info(p)
                            .map(i -> i.status() == ProcessStatus.WAITING)
                            .orElse(true));
            if (all) {
                return;
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("processes did not all reach receive within a minute");
    }

    private static long usedAfterGc(MemoryMXBean memory) throws InterruptedException {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            Thread.sleep(100);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }
}
