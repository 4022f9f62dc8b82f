package io.otp4j.time;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** The clock of {@link System#nanoTime()}, with one daemon thread that runs scheduled actions. */
final class SystemClock implements Clock {

    static final SystemClock INSTANCE = new SystemClock();

    private final ScheduledThreadPoolExecutor executor;

    private SystemClock() {
        executor = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "otp4j-timers");
            thread.setDaemon(true);
            return thread;
        });
        // A cancelled timer leaves the queue at once, so a million cancelled timers hold no memory.
        executor.setRemoveOnCancelPolicy(true);
    }

    @Override
    public long nanoTime() {
        return System.nanoTime();
    }

    @Override
    public long coarseNanoTime() {
        return CoarseTime.read();
    }

    @Override
    public Scheduled schedule(long delayNanos, Runnable action) {
        ScheduledFuture<?> future = executor.schedule(action, Math.max(0, delayNanos), TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Scheduled scheduleTimeout(long delayNanos, Runnable action) {
        return Timeouts.WHEEL.schedule(delayNanos, action);
    }

    @Override
    public Alarm alarm(long deadline) {
        return DeadlineWheel.alarm(deadline);
    }

    /** The wheel, made on first use: a JVM that never arms a timeout does not hold its ring of buckets. */
    private static final class Timeouts {
        static final TimeoutWheel WHEEL = new TimeoutWheel(INSTANCE::schedule);
    }

    @Override
    public String toString() {
        return "Clock.system()";
    }
}
