package io.otp4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.management.ManagementFactory;
import java.lang.management.PlatformManagedObject;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * When otp4j polls before it parks: the one test of how many carrier threads run virtual threads, and the spin
 * counts that follow from it.
 *
 * <p>Spinning pays when the party that will answer runs on another carrier and answers quickly (a
 * request/response exchange); with one carrier it only delays that party, which needs the carrier the spinner
 * holds, so every count here is zero there. So it is on otp4j's own scheduler ({@link Carriers}), which runs the
 * woken party on its waker's carrier: there a spin would also keep two parties that have come apart on two
 * carriers, polling each other's memory across cores, where a park brings them back onto one. Each count can be
 * overridden by its system property.
 */
public final class Spinning {

    /**
     * Whether a process about to spin first asks whether other virtual threads wait for a carrier, and parks at once
     * if any do ({@code otp4j.spin.yieldToQueued}, default true; it needs JDK 24's scheduler bean).
     */
    public static final boolean YIELD_TO_QUEUED = !"false".equals(System.getProperty("otp4j.spin.yieldToQueued"));

    /**
     * How many carriers run otp4j's virtual threads ({@code jdk.virtualThreadScheduler.parallelism}, else one per
     * core), at least one; see {@link Carriers}.
     */
    public static final int CARRIERS = Carriers.count();

    /** Whether virtual threads run on more than one carrier. */
    public static final boolean SEVERAL_CARRIERS = CARRIERS > 1;

    /** Whether the spin counts are on by default: on several carriers of the JDK's scheduler. */
    private static final boolean SPIN_BY_DEFAULT = SEVERAL_CARRIERS && !Carriers.own();

    /** How many times an empty receive polls before parking ({@code otp4j.receive.spins}). */
    public static final int RECEIVE = count("otp4j.receive.spins", 64);

    /** The most a caller polls for its reply before parking ({@code otp4j.call.spins}). */
    public static final int CALL = count("otp4j.call.spins", 128);

    /**
     * How long a process keeps its carrier while other virtual threads wait for one: 1 ms of the coarse clock
     * ({@code otp4j.slice.micros}, at most about 268 ms), so 1 to 2 ms. Virtual threads are not time-sliced; without
     * a slice, a process with a long queue of messages, or a sender that keeps a bounded mailbox full, holds its
     * carrier until it runs out of work, and with one carrier nothing else runs meanwhile. The BEAM's answer is the
     * reduction count; this is otp4j's, checked at each message a process takes and at each rejection a sender meets.
     */
    public static final long SLICE_NANOS = Long.getLong("otp4j.slice.micros", 1_000) * 1_000;

    /**
     * A slice that has not begun: the thread has just been given a carrier. A slice's start is kept in a {@code
     * short} of units of 16,384 ns, which fits in the padding of a process's fields, so a process costs no more
     * memory for it. The units wrap every 1.07 s: a slice is told over correctly as long as it is checked within half
     * of that, and a check after a longer message may miss it once, until the next.
     */
    public static final short NO_SLICE = Short.MIN_VALUE;

    private static final int UNIT_SHIFT = 14;

    /** The slice in units, at least one and at most a quarter of the units' wrap (about 268 ms). */
    private static final int SLICE_UNITS = (int) Math.min(Short.MAX_VALUE / 2, Math.max(1, SLICE_NANOS >> UNIT_SHIFT));

    private Spinning() {}

    /**
     * {@return whether a slice begun at {@code since} needs {@link #endSliceIfOver} at the coarse time {@code
     * nowNanos}} It does when it has not begun or is over; otherwise the caller leaves it, and writes nothing.
     */
    public static boolean sliceDue(short since, long nowNanos) {
        return since == NO_SLICE || (short) ((short) (nowNanos >> UNIT_SHIFT) - since) > SLICE_UNITS;
    }

    /**
     * At a point where its thread may give up its carrier, a slice begun at {@code since} ({@link #NO_SLICE} if it
     * has not begun), the coarse time now {@code nowNanos}: {@return when the slice begins from here on} Gives the
     * carrier up first, and returns {@link #NO_SLICE}, when the slice is over and other virtual threads wait for a
     * carrier; begins the slice again now when it is over and none waits.
     */
    public static short endSliceIfOver(short since, long nowNanos) {
        short now = (short) (nowNanos >> UNIT_SHIFT);
        if (since == NO_SLICE) {
            return now;
        }
        if ((short) (now - since) <= SLICE_UNITS) {
            return since;
        }
        if (othersMayWait() && Thread.currentThread().isVirtual()) {
            // Not Thread.yield(): a yielding virtual thread may go back on its carrier's own queue and run again at
            // once, while a thread started from a platform thread waits in the pool's submission queue, measured
            // behind two busy processes for their whole 10 s of work. A timed park comes back through the
            // submission queues, behind what waits there. A permit left from an earlier unpark only shortens it:
            // every wait of a process checks its state before parking.
            LockSupport.parkNanos(1);
            return NO_SLICE;
        }
        return now;
    }

    /**
     * {@return whether other virtual threads may be waiting for a carrier} Where the JDK cannot tell (before JDK 24),
     * they may: a slice then ends with a yield whether or not anyone waits, a cost of about a microsecond a
     * millisecond, rather than never.
     */
    private static boolean othersMayWait() {
        if (Carriers.own()) {
            return Carriers.othersQueuedOnOwn();
        }
        return !SchedulerQueue.known() || SchedulerQueue.queued() > 0;
    }

    /**
     * {@return whether other virtual threads are queued for a carrier} A spin would then hold a carrier that one of
     * them could run on, typically the very process whose message the spinner waits for, woken a moment ago on
     * this carrier. False where the JDK cannot tell (before JDK 24), so spinning stays as it was there.
     */
    public static boolean othersQueued() {
        if (!YIELD_TO_QUEUED) {
            return false;
        }
        return Carriers.own() ? Carriers.othersQueuedOnOwn() : SchedulerQueue.queued() > 0;
    }

    /**
     * The virtual-thread scheduler's count of queued virtual threads, read through {@code
     * jdk.management.VirtualThreadSchedulerMXBean} (JDK 24+; about 10 ns on 2 carriers). Looked up on first use,
     * reflectively, because otp4j compiles for Java 21.
     */
    private static final class SchedulerQueue {
        private static final @Nullable MethodHandle COUNT = lookUp();

        /** {@return whether the JDK tells the count} */
        static boolean known() {
            return COUNT != null;
        }

        static long queued() {
            MethodHandle count = COUNT;
            if (count == null) {
                return 0;
            }
            try {
                return (long) count.invokeExact();
            } catch (Throwable e) {
                return 0; // the bean reads counters; it does not fail
            }
        }

        private static @Nullable MethodHandle lookUp() {
            try {
                Class<?> type = Class.forName("jdk.management.VirtualThreadSchedulerMXBean");
                Object bean = ManagementFactory.getPlatformMXBean(type.asSubclass(PlatformManagedObject.class));
                if (bean == null) {
                    return null;
                }
                return MethodHandles.publicLookup()
                        .findVirtual(type, "getQueuedVirtualThreadCount", MethodType.methodType(long.class))
                        .bindTo(bean);
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                return null; // before JDK 24, or a runtime image without jdk.management: spin as before
            }
        }
    }

    /**
     * {@return the count set by {@code property}, else {@code severalCarriers} on several carriers of the JDK's
     * scheduler, and 0 on one carrier or on otp4j's own scheduler}
     */
    public static int count(String property, int severalCarriers) {
        return Integer.getInteger(property, SPIN_BY_DEFAULT ? severalCarriers : 0);
    }
}
