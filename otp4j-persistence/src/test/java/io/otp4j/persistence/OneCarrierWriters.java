package io.otp4j.persistence;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The child JVM of {@link OneCarrierTest}, run with one carrier thread: a first writer writes alone, then others
 * start while it goes on. Prints how many of its writes the first had made when another's write first committed
 * ({@code FIRST n OF m}, n is -1 if none did before it ended), and the store's writes and flushes.
 */
final class OneCarrierWriters {

    static final int STREAK = 200;
    static final int OTHERS = 32;
    static final int EACH = 10;

    private OneCarrierWriters() {}

    public static void main(String[] args) throws Exception {
        try (SqlStore store = SqlStore.sqlite(Path.of(args[0]))) {
            AtomicLong othersCommitted = new AtomicLong();
            AtomicInteger firstHadWritten = new AtomicInteger(-1);
            CountDownLatch alone = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            threads.add(Thread.ofVirtual().start(() -> {
                long incarnation = store.claim("first").incarnation();
                for (int n = 0; n < STREAK; n++) {
                    if (othersCommitted.get() > 0) {
                        firstHadWritten.compareAndSet(-1, n);
                    }
                    store.write(DurableWrite.events("first", incarnation, n, List.of(new byte[] {1}), 1));
                    if (n == 4) {
                        alone.countDown(); // a streak of writes alone: the next ones commit on this thread
                    }
                }
            }));
            if (!alone.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the first writer did not write five times within 30 s");
            }
            for (int i = 0; i < OTHERS; i++) {
                String identity = "other-" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    long incarnation = store.claim(identity).incarnation();
                    for (int n = 0; n < EACH; n++) {
                        store.write(DurableWrite.events(identity, incarnation, n, List.of(new byte[] {2}), 1));
                        othersCommitted.incrementAndGet();
                    }
                }));
            }
            for (Thread thread : threads) {
                if (!thread.join(java.time.Duration.ofSeconds(60))) {
                    throw new IllegalStateException(thread + " did not end within 60 s");
                }
            }
            System.out.println("FIRST " + firstHadWritten.get() + " OF " + STREAK);
            System.out.println("WRITES " + store.writes() + " FLUSHES " + store.flushes());
        }
    }
}
