package io.otp4j.time;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

/**
 * The system clock's {@link Clock#coarseNanoTime()}: {@link System#nanoTime()} as a ticker thread last read it, at
 * most about one tick ({@value #TICK_NANOS} ns) behind while the thread gets a core.
 *
 * <p>A process stamps every message it takes with the time, so that {@code info} can tell how long it has been on
 * it. A read of {@code System.nanoTime()} costs about 26 ns on the benchmark machine (a virtual machine reading the
 * TSC through the vDSO), a third of a cast's whole cost on one carrier; a read of the ticker's field costs a load.
 *
 * <p>The ticker runs only while someone reads: each start ticks for {@value #TICKS_PER_RUN} ticks (a second), then
 * stops. The first read after that finds it stopped, reads {@code System.nanoTime()} itself, publishes that reading
 * and starts the ticker again; so a busy node pays one precise read and one wake-up of the ticker a second, and an
 * idle JVM no ticks at all. The published time never decreases: every writer advances it only forwards.
 *
 * <p>A reader that finds the ticker running reads a time no later than now: so a duration measured from a coarse
 * stamp to a precise reading is never shorter than the true one, and at most a tick (plus any delay of the ticker's
 * thread) longer.
 */
final class CoarseTime {

    /** How often the ticker publishes the time: 1 ms. */
    static final long TICK_NANOS = 1_000_000;

    /** How many ticks one start of the ticker runs for before it stops until the next read. */
    static final int TICKS_PER_RUN = 1_000;

    private static final VarHandle NOW;
    private static final VarHandle TICKING;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            NOW = lookup.findStaticVarHandle(CoarseTime.class, "now", long.class);
            TICKING = lookup.findStaticVarHandle(CoarseTime.class, "ticking", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The last published time; only ever advanced. */
    @SuppressWarnings("unused") // accessed through NOW
    private static volatile long now = System.nanoTime();

    /** Whether the ticker is running (or has been asked to run and will before it next stops). */
    @SuppressWarnings("unused") // accessed through TICKING
    private static volatile boolean ticking;

    private CoarseTime() {}

    /** {@return the time, at most about a tick behind {@link System#nanoTime()}} */
    static long read() {
        if ((boolean) TICKING.getAcquire()) {
            return (long) NOW.getAcquire();
        }
        return restart();
    }

    /** {@return whether the ticker is running} For tests. */
    static boolean ticking() {
        return (boolean) TICKING.getVolatile();
    }

    /** The ticker had stopped: read the time precisely, publish it, and start the ticker again. */
    private static long restart() {
        long t = System.nanoTime();
        advance(t); // before the flag: a reader that sees the ticker running sees this time or a later one
        if (TICKING.compareAndSet(false, true)) {
            LockSupport.unpark(Ticker.THREAD);
        }
        return t;
    }

    /** Publishes {@code t} unless a later time is published already. */
    private static void advance(long t) {
        for (; ; ) {
            long published = (long) NOW.getVolatile();
            if (t - published <= 0 || NOW.compareAndSet(published, t)) {
                return;
            }
        }
    }

    /** The ticker's thread, started by the first read. */
    private static final class Ticker {
        static final Thread THREAD =
                Thread.ofPlatform().name("otp4j-coarse-clock").daemon(true).start(Ticker::run);

        private static void run() {
            for (; ; ) {
                while (!(boolean) TICKING.getVolatile()) {
                    LockSupport.park(CoarseTime.class);
                }
                for (int i = 0; i < TICKS_PER_RUN; i++) {
                    advance(System.nanoTime());
                    LockSupport.parkNanos(CoarseTime.class, TICK_NANOS);
                }
                advance(System.nanoTime());
                // From here on a reader restarts the ticker; one that saw it running a moment ago reads a time at
                // most a tick old.
                TICKING.setVolatile(false);
            }
        }
    }
}
