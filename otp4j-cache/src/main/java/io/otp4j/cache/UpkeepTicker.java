package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.otp4j.time.Clock;
import org.jspecify.annotations.Nullable;

/**
 * The time Caffeine reads: the node's clock, except on the cache's process during its upkeep ({@link #upkeep}),
 * which reads the time its upkeep began at.
 *
 * <p>Caffeine's maintenance drains its write buffer first and reads the time after, to advance its timer wheel
 * to. A write that lands between the two reaches the wheel only with the next maintenance. If the clock has
 * moved past the written entry's expiry meanwhile (a manual clock advanced at once, or a thread held up), the
 * wheel has been advanced past the entry before it holds it; Caffeine then files the entry under the wheel's
 * current tick, which is swept only once the clock crosses into the next tick. A manual clock that stands still
 * never does: {@link Cache#cleanUp()}, although a tick past the entry's expiry, would leave it in place, and
 * the listener would never hear of it.
 *
 * <p>Read before the drain, the time is no later than any write the drain misses; such a write's entry expires
 * after it was written (times to live are positive), so the wheel is never advanced past an entry it does not
 * hold yet. The cache's process runs Caffeine's maintenance through {@link #upkeep}. Any other thread that does
 * Caffeine's upkeep reads the clock as it goes: a caller of {@link Cache#cleanUp()}, or a writer that Caffeine
 * makes do the upkeep itself (its write buffer full). An entry filed late there leaves a tick later than it could.
 *
 * <p>A time fixed through an upkeep lags the clock by the upkeep's length. When the clock has moved on by a
 * millisecond or more by the end (a manual clock advanced meanwhile), a catch-up pass of Caffeine's cleanUp runs
 * at the newer time: it expires what came due, and paces Caffeine's next prompt from the time as it is.
 *
 * <p>Every read of the cache reads this ticker, from any thread, while the process upkeeps often (Caffeine hands
 * it its read buffers to drain). So what readers read (the clock and the process's thread) is written once, and
 * what the process writes per upkeep lives in an object of its own, padded off the readers' cache lines.
 */
final class UpkeepTicker implements Ticker {

    /** How far the clock must have moved during an upkeep for a catch-up pass: 1 ms. */
    static final long CATCH_UP_NANOS = 1_000_000;

    private static final int CATCH_UPS = 3;

    private final Clock clock;
    private final Upkeep own = new Upkeep();
    // The cache's process, set by its first upkeep: all upkeeps run there.
    private volatile @Nullable Thread process;

    UpkeepTicker(Clock clock) {
        this.clock = clock;
    }

    /**
     * {@return the time Caffeine reads} Outside an upkeep, the clock's {@linkplain Clock#coarseNanoTime() coarse
     * time}: Caffeine reads the time on every read of the cache, to tell whether the entry has expired, and on the
     * system clock a precise reading costs about a sixth of a read. The coarse time is never ahead of the precise
     * one, so a read never finds an entry expired before its time; it may find it alive up to about a millisecond
     * after. Writes give their entries their time from a precise reading ({@link #expiresIn}), so no entry expires
     * early.
     */
    @Override
    public long read() {
        return Thread.currentThread() == process && own.fixed ? own.began : clock.coarseNanoTime();
    }

    /**
     * {@return the time to live to give an entry written at {@code reading} (a time this ticker gave), so that it
     * expires {@code ttlNanos} after the precise time now} {@link Ttl#NEVER} stays as it is.
     */
    long expiresIn(long ttlNanos, long reading) {
        if (ttlNanos >= Ttl.NEVER) {
            return ttlNanos;
        }
        long behind = Math.max(0, clock.nanoTime() - reading);
        return Math.min(Ttl.NEVER, ttlNanos + behind);
    }

    /**
     * Runs {@code work} (Caffeine's maintenance, or what may run it) on the cache's process, with the time read
     * now, before it starts; then, while the clock has moved on by {@value #CATCH_UP_NANOS} ns or more meanwhile,
     * runs {@code catchUp} (Caffeine's cleanUp) at the newer time, a few times at most.
     *
     * @throws IllegalStateException if called from a thread other than the process of an earlier upkeep
     */
    void upkeep(Runnable work, Runnable catchUp) {
        Thread self = Thread.currentThread();
        Thread known = process;
        if (known == null) {
            process = self;
        } else if (known != self) {
            throw new IllegalStateException("an upkeep runs on the cache's process " + known + ", not on " + self);
        }
        if (own.fixed) {
            work.run(); // an upkeep within an upkeep: its time holds
            return;
        }
        own.began = clock.nanoTime();
        own.fixed = true;
        try {
            work.run();
            for (int pass = 0; pass < CATCH_UPS; pass++) {
                long now = clock.nanoTime();
                if (now - own.began < CATCH_UP_NANOS) {
                    break;
                }
                own.began = now;
                catchUp.run();
            }
        } finally {
            own.fixed = false;
        }
    }

    /** Runs {@code work} (the user's removal listener) on the clock as it is, even within upkeep. */
    void live(Runnable work) {
        if (Thread.currentThread() != process || !own.fixed) {
            work.run();
            return;
        }
        own.fixed = false;
        try {
            work.run();
        } finally {
            own.fixed = true;
        }
    }

    /**
     * The process's own time: written by it alone, per upkeep, and read by it alone. The padding keeps these
     * fields off the cache lines that every reader loads.
     */
    @SuppressWarnings("unused") // the padding
    private static final class Upkeep {
        long p0, p1, p2, p3, p4, p5, p6, p7;
        long began;
        boolean fixed;
        long q0, q1, q2, q3, q4, q5, q6, q7;
    }
}
