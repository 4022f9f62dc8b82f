package io.otp4j.examples;

import io.otp4j.time.Clock;
import java.util.concurrent.CountDownLatch;

/** Waiting on a node's clock, the way the simulated outside world of the examples takes its time. */
final class ClockWait {

    private ClockWait() {}

    /**
     * Blocks until {@code nanos} have passed on {@code clock}: with a manual clock, until a test advances it.
     *
     * @throws InterruptedException if the thread is interrupted; no timer is left behind
     */
    static void await(Clock clock, long nanos) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Clock.Scheduled timer = clock.schedule(nanos, done::countDown);
        try {
            done.await();
        } finally {
            timer.cancel();
        }
    }
}
