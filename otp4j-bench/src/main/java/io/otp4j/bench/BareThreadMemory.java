package io.otp4j.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The floor under {@link GenServerMemory}'s idle figure: heap bytes per bare virtual thread parked in {@link
 * LockSupport#park()}, with no process, mailbox or server around it, measured as the other probes measure (the
 * first population in a fresh JVM, heap growth after full collections divided by N; see {@link HeapProbe}). An
 * idle server on a thread of its own holds such a thread and its parked stack on top of what a hibernated server
 * holds, so its figure cannot fall below the sum. Run with {@code -Xcomp} to see the same threads with every frame
 * compiled, which is what later populations approach.
 *
 * <p>Prints {@code RESULT memory_bare_thread <bytes> B} last.
 *
 * <pre>usage: BareThreadMemory [count [rounds]]   (default 100,000 threads, 1 round)</pre>
 */
public final class BareThreadMemory {

    private BareThreadMemory() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        double bytes = HeapProbe.measureRounds("parked virtual threads", count, rounds, () -> park(count));
        System.out.printf(Locale.ROOT, "RESULT memory_bare_thread %.0f B%n", bytes);
    }

    private static HeapProbe.Population park(int count) {
        List<Thread> threads = new ArrayList<>(count);
        AtomicBoolean released = new AtomicBoolean();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofVirtual().unstarted(() -> {
                while (!released.get()) {
                    LockSupport.park();
                }
            }));
        }
        threads.forEach(Thread::start);
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (Thread t : threads) {
            while (t.getState() != Thread.State.WAITING) {
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("the threads did not all park within a minute");
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
        return () -> {
            released.set(true);
            threads.forEach(LockSupport::unpark);
            for (Thread t : threads) {
                try {
                    t.join(60_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while the threads ended", e);
                }
            }
        };
    }
}
