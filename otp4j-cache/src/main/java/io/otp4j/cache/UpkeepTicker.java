package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Ticker;
import io.otp4j.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import org.jspecify.annotations.Nullable;

/**
 * The time Caffeine reads: the node's clock, except on a thread that runs the cache's upkeep ({@link #upkeep}),
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
 * hold yet. The cache's process and {@link Cache#cleanUp()} run Caffeine's maintenance through {@link
 * #upkeep}; a writer that Caffeine makes do the maintenance itself (its write buffer full) reads the clock as
 * usual, and an entry filed late there leaves a tick later than it could.
 *
 * <p>A time fixed through an upkeep lags the clock by the upkeep's length. When the clock has moved on by a
 * millisecond or more by the end (a manual clock advanced meanwhile), a catch-up pass of Caffeine's cleanUp runs
 * at the newer time: it expires what came due, and paces Caffeine's next prompt from the time as it is.
 */
final class UpkeepTicker implements Ticker {

    /** How far the clock must have moved during an upkeep for a catch-up pass: 1 ms. */
    static final long CATCH_UP_NANOS = 1_000_000;

    private static final int CATCH_UPS = 3;

    private final Clock clock;

    // The thread in upkeep, if any, and the time its upkeep began at. Caffeine runs its maintenance under one lock,
    // so one upkeep at a time matters; a second thread that comes meanwhile (a cleanUp beside the process's upkeep)
    // reads the clock as usual, and then waits for the lock, after the first's drain. The time is read only by the
    // thread that wrote it, so only the thread needs to be visible to others: a reader on any other thread sees
    // another thread there, or none, and reads the clock.
    private volatile @Nullable Thread upkeeper;
    private long began; // the upkeeper's alone
    private boolean listening; // the upkeeper's alone: in the user's listener, which sees the clock as it is

    UpkeepTicker(Clock clock) {
        this.clock = clock;
    }

    @Override
    public long read() {
        return upkeeper == Thread.currentThread() && !listening ? began : clock.nanoTime();
    }

    /**
     * Runs {@code work} (Caffeine's maintenance, or what may run it) with the time read now, before it starts; then,
     * while the clock has moved on by {@value #CATCH_UP_NANOS} ns or more meanwhile (a manual clock advanced, a
     * thread held up), runs {@code catchUp} (Caffeine's cleanUp) at the newer time, a few times at most. The
     * catch-up expires what came due meanwhile, and paces Caffeine's next prompt from the time as it is: a prompt
     * paced from the older time could fall past a manual clock that has already advanced, and never come.
     */
    void upkeep(Runnable work, Runnable catchUp) {
        Thread self = Thread.currentThread();
        if (upkeeper == self) {
            work.run(); // already in upkeep: its time holds
            return;
        }
        long start = clock.nanoTime();
        if (!UPKEEPER.compareAndSet(this, null, self)) {
            work.run(); // another thread is in upkeep: this one waits for it, on the clock as it is
            return;
        }
        try {
            began = start;
            work.run();
            for (int pass = 0; pass < CATCH_UPS; pass++) {
                long now = clock.nanoTime();
                if (now - began < CATCH_UP_NANOS) {
                    break;
                }
                began = now;
                catchUp.run();
            }
        } finally {
            upkeeper = null;
        }
    }

    /** Runs {@code work} (the user's removal listener) on the clock as it is, even within upkeep. */
    void live(Runnable work) {
        if (upkeeper != Thread.currentThread() || listening) {
            work.run();
            return;
        }
        listening = true;
        try {
            work.run();
        } finally {
            listening = false;
        }
    }

    private static final VarHandle UPKEEPER;

    static {
        try {
            UPKEEPER = MethodHandles.lookup().findVarHandle(UpkeepTicker.class, "upkeeper", Thread.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
