package io.otp4j.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.otp4j.testing.Within;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** The scheduler's queue that a spin gives way to: read where the scheduler offers it, and read right. */
class SpinningTest {

    @Test
    void othersAreQueuedWhileEveryCarrierIsHeldAndNotOnceTheyAreFree() throws Exception {
        assumeTrue(
                Carriers.own() || Runtime.version().feature() >= 24, "the JDK scheduler's queue length needs JDK 24");
        assumeTrue(Spinning.YIELD_TO_QUEUED, "otp4j.spin.yieldToQueued is off");
        int carriers = Carriers.count();
        AtomicBoolean release = new AtomicBoolean();
        CountDownLatch holding = new CountDownLatch(carriers);
        List<Thread> threads = new ArrayList<>();
        long bound = System.nanoTime() + Within.WAIT.toNanos();
        try {
            // One virtual thread per carrier, each holding its carrier (bounded in time), then one more that
            // cannot run until one of them lets go.
            for (int i = 0; i < carriers; i++) {
                threads.add(Carriers.virtualThreads().start(() -> {
                    holding.countDown();
                    while (!release.get() && System.nanoTime() - bound < 0) {
                        Thread.onSpinWait();
                    }
                }));
            }
            assertThat(holding.await(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS))
                    .isTrue();
            threads.add(Carriers.virtualThreads().start(() -> {}));

            assertThat(Spinning.othersQueued())
                    .as("a virtual thread waits for one of %d held carriers", carriers)
                    .isTrue();
        } finally {
            release.set(true);
            for (Thread t : threads) {
                t.join(Within.WAIT);
            }
        }
        Within.eventually("the queue empties once the carriers are free", () -> !Spinning.othersQueued());
    }
}
