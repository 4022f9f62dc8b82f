package io.otp4j.time;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/** The system clock's coarse time: never ahead of {@link System#nanoTime()}, never decreasing, always moving. */
class CoarseTimeTest {

    @Test
    void aCoarseReadingIsNeverAheadOfThePreciseOne() {
        Clock clock = Clock.system();
        for (int i = 0; i < 100_000; i++) {
            long coarse = clock.coarseNanoTime();
            assertThat(coarse).isLessThanOrEqualTo(System.nanoTime());
        }
    }

    @Test
    void readingsNeverDecreaseOnAnyThread() throws InterruptedException {
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<@Nullable String> backwards = new AtomicReference<>();
        List<Thread> readers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            readers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                long last = Long.MIN_VALUE;
                for (int i = 0; i < 200_000; i++) {
                    long now = CoarseTime.read();
                    if (last != Long.MIN_VALUE && now - last < 0) {
                        backwards.compareAndSet(null, now + " after " + last);
                    }
                    last = now;
                }
            }));
        }
        start.countDown();
        for (Thread reader : readers) {
            reader.join(30_000);
            assertThat(reader.isAlive()).as("a reader finished within 30 s").isFalse();
        }
        assertThat(backwards.get()).as("a reading earlier than the one before").isNull();
    }

    @Test
    void theTimeMovesOnWhileSomeoneReadsIt() {
        long first = CoarseTime.read();
        Eventually.until(() -> CoarseTime.read() - first >= CoarseTime.TICK_NANOS, "the coarse time moves on");
    }

    @Test
    void aReadAfterTheTickerStoppedIsPrecise() {
        CoarseTime.read(); // running now, if it was not
        Eventually.until(() -> !CoarseTime.ticking(), "the ticker stops after its run of ticks");
        long before = System.nanoTime();
        long read = CoarseTime.read();
        assertThat(read).isGreaterThanOrEqualTo(before).isLessThanOrEqualTo(System.nanoTime());
        assertThat(CoarseTime.ticking()).isTrue();
    }
}
