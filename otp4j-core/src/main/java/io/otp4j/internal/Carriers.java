package io.otp4j.internal;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The carrier threads that run otp4j's virtual threads: the JDK's scheduler by default, or otp4j's own with
 * {@code -Dotp4j.scheduler=otp4j}.
 *
 * <p>The JDK's scheduler puts a woken virtual thread on its pool's queue and wakes an idle carrier to take it. When
 * one process wakes another and then waits (a call, a reply, a token passed round a ring), the woken one runs on the
 * other carrier, and every hand-off pays a carrier's wake-up and a move to another core. otp4j's scheduler keeps
 * the woken thread in its waker's carrier, in a slot of one (the carrier's <em>next</em>), and runs it there as soon
 * as the waker waits: a hand-off costs no wake-up, as with one carrier. A second wake-up before the waker waits moves
 * the first woken thread to the carrier's queue, where an idle carrier takes it: work still spreads over every
 * carrier as soon as there is more than one thing to run. An idle carrier also takes a thread that has sat in a busy
 * carrier's slot since its last look (at most about 2 ms), so a process that runs long without waiting cannot keep
 * the one it woke from a free carrier; a process that takes its next message rather than waiting gives its slot up
 * at once ({@link #goingOn}). With nothing to run, the carriers sleep until woken.
 *
 * <p>The JDK offers no public way to choose a virtual thread's scheduler; otp4j's uses the constructor that the
 * JDK's own tests use, which needs {@code --add-opens java.base/java.lang=ALL-UNNAMED} (or {@code =io.otp4j.core} on
 * the module path). Without it, a node asked for otp4j's scheduler fails to start with an error that says so. The
 * number of carriers is {@code jdk.virtualThreadScheduler.parallelism}, else one per core. What the JDK's scheduler
 * does and otp4j's does not: it adds a carrier while a virtual thread blocks in file I/O or {@code Object.wait()},
 * so such a thread holds one of otp4j's carriers until it returns.
 */
public final class Carriers implements Executor {

    /** The system property that chooses the scheduler: {@code jdk} (the default) or {@code otp4j}. */
    public static final String PROPERTY = "otp4j.scheduler";

    /** otp4j's scheduler, if the system property asked for it; null for the JDK's. */
    private static final @Nullable Carriers OWN = chosen();

    /** How many times an idle carrier looks for work, with a spin-wait hint between, before it parks. */
    private static final int IDLE_SPINS = 64;

    /** An idle carrier's first timed park, doubled at each empty look up to {@link #LONGEST_PARK_NANOS}. */
    private static final long SHORTEST_PARK_NANOS = 50_000;

    private static final long LONGEST_PARK_NANOS = 1_000_000;

    /**
     * The park of an idle carrier that found every other carrier's slot empty after its longest park: until woken,
     * so that a JVM with nothing to run costs no processor time.
     */
    private static final long ASLEEP = 0;

    /** Every how many tasks a carrier looks at the shared queue first, so that its own queue cannot starve it. */
    private static final int SHARED_FIRST_EVERY = 61;

    private final Carrier[] carriers;

    /** Tasks submitted from threads that are not this scheduler's carriers (a platform thread, a timer, a poller). */
    private final ConcurrentLinkedQueue<Runnable> shared = new ConcurrentLinkedQueue<>();

    /** Carriers spinning for work: a task queued now will be found without a wake-up. */
    private final AtomicInteger spinning = new AtomicInteger();

    /** Carriers parked until woken ({@link #ASLEEP}), which look at no slot until then. */
    private final AtomicInteger asleep = new AtomicInteger();

    /** Set by {@link #shutDown}: a carrier that finds nothing to run ends. */
    private volatile boolean shutDown;

    /** A scheduler of {@code count} carriers, started (the one the property chooses, or a test's own). */
    Carriers(int count) {
        carriers = new Carrier[count];
        for (int i = 0; i < count; i++) {
            carriers[i] = new Carrier(this, i);
        }
        Access.builder(this); // fails here, before any carrier starts, if the JDK's internals are closed
        for (Carrier c : carriers) {
            c.start();
        }
    }

    /**
     * {@return a new builder of virtual threads on the chosen scheduler} Builders are not safe for concurrent use; a
     * builder's {@code factory()} is.
     */
    public static Thread.Builder.OfVirtual virtualThreads() {
        Carriers own = OWN;
        return own == null ? Thread.ofVirtual() : own.threads();
    }

    /** {@return a new builder of virtual threads on this scheduler} */
    Thread.Builder.OfVirtual threads() {
        return Access.builder(this);
    }

    /** Ends the carriers once nothing is left to run (for a test's own scheduler; the chosen one lives on). */
    void shutDown() {
        shutDown = true;
        for (Carrier c : carriers) {
            LockSupport.unpark(c);
        }
    }

    /** {@return this scheduler's carrier threads} */
    List<Thread> carrierThreads() {
        return List.of(carriers);
    }

    /** {@return the carrier under the current thread} (the thread itself if it is a platform thread) */
    static Thread currentCarrier() {
        return Access.carrier();
    }

    /** {@return whether otp4j's own scheduler runs its virtual threads} */
    public static boolean own() {
        return OWN != null;
    }

    /** {@return how many carriers run virtual threads on the chosen scheduler, at least one} */
    public static int count() {
        Carriers own = OWN;
        return own != null ? own.carriers.length : Math.max(1, defaultParallelism());
    }

    /**
     * {@return whether other virtual threads wait for one of otp4j's carriers}; false where the JDK's scheduler runs
     * them (ask its bean then). The one a spinner would wait for is typically among them: woken a moment ago into
     * this carrier's slot, it runs only once the spinner gives the carrier up.
     */
    public static boolean othersQueuedOnOwn() {
        Carriers own = OWN;
        return own != null && own.queued();
    }

    private boolean queued() {
        if (!shared.isEmpty()) {
            return true;
        }
        for (Carrier c : carriers) {
            if (c.next != null || !c.local.isEmpty()) {
                return true;
            }
        }
        return false;
    }

    private static int defaultParallelism() {
        return Integer.getInteger(
                "jdk.virtualThreadScheduler.parallelism", Runtime.getRuntime().availableProcessors());
    }

    private static @Nullable Carriers chosen() {
        return choose(System.getProperty(PROPERTY, "jdk"));
    }

    /** {@return otp4j's scheduler, started, if {@code value} of the system property asks for it; else null} */
    static @Nullable Carriers choose(String value) {
        String choice = value.trim().toLowerCase(Locale.ROOT);
        return switch (choice) {
            case "jdk" -> null;
            case "otp4j" -> new Carriers(Math.max(1, defaultParallelism()));
            default ->
                throw new IllegalArgumentException(
                        "-D" + PROPERTY + "=" + value + " names no scheduler: use jdk (the default) or otp4j");
        };
    }

    /**
     * Runs {@code task} (a virtual thread's continuation, submitted as it starts or is woken). From one of this
     * scheduler's carriers, it goes to that carrier's slot; the thread it displaces goes to the carrier's queue, and
     * an idle carrier is woken for it. A thread submitting itself again (a yield) goes behind that queue instead.
     * From anywhere else, it goes to the shared queue and an idle carrier is woken.
     */
    @Override
    public void execute(Runnable task) {
        if (Access.carrier() instanceof Carrier c && c.scheduler == this) {
            if (task == c.running) {
                c.local.offer(task);
                return;
            }
            Runnable displaced = (Runnable) Carrier.NEXT.getAndSet(c, task);
            if (displaced != null) {
                c.spread(displaced);
            } else if (asleep.get() > 0) {
                wakeSleeper(); // asleep until woken, it would not look at this slot if this carrier ran long
            }
            return;
        }
        shared.offer(task);
        signal();
    }

    /**
     * Tells otp4j's scheduler that the running process goes on to its next message rather than waiting: the thread it
     * woke last, kept in this carrier's slot to run when it waits, goes to the carrier's queue instead, where an idle
     * carrier is woken for it. Does nothing on the JDK's scheduler.
     */
    public static void goingOn() {
        Carriers own = OWN;
        if (own != null
                && Access.carrier() instanceof Carrier c
                && c.scheduler == own
                && c.next != null
                && Carrier.NEXT.getAndSet(c, null) instanceof Runnable woken) {
            c.spread(woken);
        }
    }

    /** Wakes one carrier that is asleep until woken, to watch the slots again. */
    private void wakeSleeper() {
        for (Carrier c : carriers) {
            if (c.sleeping && Carrier.PARKED.compareAndSet(c, true, false)) {
                LockSupport.unpark(c);
                return;
            }
        }
    }

    /** Wakes one parked carrier, unless one is spinning and will find the task itself. */
    private void signal() {
        if (spinning.get() > 0) {
            return;
        }
        for (Carrier c : carriers) {
            if (c.parked && Carrier.PARKED.compareAndSet(c, true, false)) {
                LockSupport.unpark(c);
                return;
            }
        }
    }

    /** A platform thread that runs the scheduler's virtual threads. */
    private static final class Carrier extends Thread {
        static final VarHandle NEXT;
        static final VarHandle PARKED;

        static {
            try {
                MethodHandles.Lookup lookup = MethodHandles.lookup();
                NEXT = lookup.findVarHandle(Carrier.class, "next", Runnable.class);
                PARKED = lookup.findVarHandle(Carrier.class, "parked", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        final Carriers scheduler;

        /** The slot: the last thread woken from this carrier, to run as soon as the running one waits. */
        volatile @Nullable Runnable next;

        /** Threads displaced from the slot, and yields; any carrier takes them. */
        final ConcurrentLinkedQueue<Runnable> local = new ConcurrentLinkedQueue<>();

        /** Whether this carrier is parked, or about to: a waker clears it and unparks the carrier. */
        volatile boolean parked;

        /** Whether this carrier is parked until woken ({@link #ASLEEP}), or about to. */
        volatile boolean sleeping;

        /** The task this carrier runs now; read and written by this carrier only. */
        @Nullable
        Runnable running;

        /** Each other carrier's slot as this carrier last saw it while idle, by index. */
        private final @Nullable Runnable[] seen;

        private int ticks;

        /** Whether every other carrier's slot was empty at this carrier's last idle look ({@link #stale}). */
        private boolean slotsEmpty;

        Carrier(Carriers scheduler, int index) {
            super("otp4j-carrier-" + index);
            this.scheduler = scheduler;
            this.seen = new Runnable[scheduler.carriers.length];
            setDaemon(true);
        }

        @Override
        public void run() {
            long park = SHORTEST_PARK_NANOS;
            for (; ; ) {
                Runnable task = find();
                if (task == null) {
                    task = idle(park);
                    if (task == null) {
                        if (scheduler.shutDown) {
                            return;
                        }
                        park = nextPark(park);
                        continue;
                    }
                }
                park = SHORTEST_PARK_NANOS;
                running = task;
                try {
                    task.run();
                } catch (Throwable e) {
                    // A continuation's run does not throw; if it ever did, the carrier lives on for the others.
                    getUncaughtExceptionHandler().uncaughtException(this, e);
                } finally {
                    running = null;
                }
            }
        }

        /** Queues {@code woken}, taken from the slot, for whichever carrier is free first, and wakes an idle one. */
        void spread(Runnable woken) {
            local.offer(woken);
            scheduler.signal();
        }

        /** {@return a task to run now, or null}: the slot, this carrier's queue, the shared queue, another's queue */
        private @Nullable Runnable find() {
            Runnable task;
            if (++ticks == SHARED_FIRST_EVERY) {
                ticks = 0;
                if ((task = scheduler.shared.poll()) != null) {
                    return task;
                }
            }
            if (next != null && (task = (Runnable) NEXT.getAndSet(this, null)) != null) {
                return task;
            }
            if ((task = local.poll()) != null || (task = scheduler.shared.poll()) != null) {
                return task;
            }
            for (Carrier other : scheduler.carriers) {
                if (other != this && (task = other.local.poll()) != null) {
                    return task;
                }
            }
            return null;
        }

        /**
         * {@return how long to park after an idle look that parked for {@code park} and found nothing} Twice as long,
         * up to {@link #LONGEST_PARK_NANOS}; after a park that long, until woken ({@link #ASLEEP}) if every other
         * carrier's slot was empty, since nothing can then be left in one; and after such a sleep, the shortest
         * again, to watch the slot that woke it.
         */
        private long nextPark(long park) {
            if (park == ASLEEP) {
                return SHORTEST_PARK_NANOS;
            }
            if (park == LONGEST_PARK_NANOS && slotsEmpty) {
                return ASLEEP;
            }
            return Math.min(park << 1, LONGEST_PARK_NANOS);
        }

        /**
         * Spins, then parks for {@code nanos} at most, or until woken if {@code nanos} is {@link #ASLEEP}: {@return a
         * task found meanwhile, or null}
         */
        private @Nullable Runnable idle(long nanos) {
            Runnable task = null;
            scheduler.spinning.incrementAndGet();
            try {
                for (int i = 0; i < IDLE_SPINS && task == null; i++) {
                    Thread.onSpinWait();
                    task = find();
                }
            } finally {
                parked = true;
                scheduler.spinning.decrementAndGet();
            }
            if (task == null && (task = find()) == null && (task = stale()) == null) {
                if (nanos != ASLEEP) {
                    LockSupport.parkNanos(this, nanos);
                } else {
                    // Counted before the slots are read again: a thread put in a slot after that read finds the
                    // count and wakes a carrier (execute), so no slot is left with every other carrier asleep.
                    sleeping = true;
                    scheduler.asleep.incrementAndGet();
                    if (!othersSlotsTaken()) {
                        LockSupport.park(this);
                    }
                    scheduler.asleep.decrementAndGet();
                    sleeping = false;
                }
            }
            parked = false;
            return task;
        }

        /**
         * {@return a thread that sat in another carrier's slot since this carrier's last look, or null} Notes in
         * {@link #slotsEmpty} whether every other slot was empty.
         */
        private @Nullable Runnable stale() {
            Carrier[] all = scheduler.carriers;
            boolean empty = true;
            for (int i = 0; i < all.length; i++) {
                Carrier other = all[i];
                if (other == this) {
                    continue;
                }
                Runnable waiting = other.next;
                if (waiting != null && waiting == seen[i] && NEXT.compareAndSet(other, waiting, null)) {
                    seen[i] = null;
                    return waiting;
                }
                seen[i] = waiting;
                empty &= waiting == null;
            }
            slotsEmpty = empty;
            return null;
        }

        /** {@return whether another carrier's slot holds a thread} */
        private boolean othersSlotsTaken() {
            for (Carrier other : scheduler.carriers) {
                if (other != this && other.next != null) {
                    return true;
                }
            }
            return false;
        }
    }

    /** The JDK internals otp4j's scheduler needs, looked up when it is chosen. */
    private static final class Access {
        private static final MethodHandle CARRIER;
        private static final Constructor<?> BUILDER;

        static {
            try {
                Method carrier = Thread.class.getDeclaredMethod("currentCarrierThread");
                carrier.setAccessible(true);
                CARRIER = MethodHandles.lookup().unreflect(carrier);
                BUILDER = Class.forName("java.lang.ThreadBuilders$VirtualThreadBuilder")
                        .getDeclaredConstructor(Executor.class);
                BUILDER.setAccessible(true);
            } catch (ReflectiveOperationException | RuntimeException e) {
                throw new IllegalStateException(
                        "-D" + PROPERTY + "=otp4j needs the JVM option --add-opens java.base/java.lang=ALL-UNNAMED"
                                + " (=io.otp4j.core on the module path), or in an executable jar's manifest"
                                + " Add-Opens: java.base/java.lang; without it, leave the property unset for the"
                                + " JDK's scheduler: "
                                + e,
                        e);
            }
        }

        /** {@return the carrier under the current thread} (the current thread itself if it is a platform thread) */
        static Thread carrier() {
            try {
                return (Thread) CARRIER.invokeExact();
            } catch (Throwable e) {
                throw new IllegalStateException(e); // a native accessor of the current thread does not fail
            }
        }

        static Thread.Builder.OfVirtual builder(Executor scheduler) {
            try {
                return (Thread.Builder.OfVirtual) BUILDER.newInstance(scheduler);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot make a virtual-thread builder for otp4j's scheduler", e);
            }
        }
    }
}
