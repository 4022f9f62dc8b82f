package io.otp4j.process;

import io.otp4j.internal.Carriers;
import io.otp4j.internal.Spinning;
import io.otp4j.time.Clock;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * A node's worker threads, which run its pooled processes: processes that give up their thread whenever they wait
 * below their frames ({@link io.otp4j.process.spi.Engine#receiveOrWaitPooled}), and are handed to a worker when a
 * message or an exit signal comes.
 *
 * <p>A worker takes the next runnable process, makes itself that process's thread and runs it until it waits
 * again, then takes the next. A process that has work queued behind another's therefore starts without a park, an
 * unpark or a thread start: the cost of a message between two pooled processes is a queue's offer and poll. A
 * process that blocks while it runs (a call, a selective receive, I/O) holds its worker, as it would hold its own
 * thread.
 *
 * <p>Workers are virtual threads. One is started whenever a process becomes runnable and no worker is free to take
 * it (running none, or about to look for one), and a worker that takes a process while others are queued makes sure
 * another will look at them, so a process never waits for a worker that is blocked in another process (a burst of
 * processes woken at once counts on one free worker, which may take the first and block in it). A worker with
 * nothing to run parks; up to one per carrier stays parked for {@link #IDLE} before it ends,
 * the others end at once.
 */
final class Workers {

    /** How long a parked worker waits for work before it ends. */
    static final long IDLE = TimeUnit.SECONDS.toNanos(1);

    /**
     * How long a worker with nothing to run keeps looking before it parks, while no other virtual thread waits for
     * a carrier ({@code otp4j.worker.spinMicros}, on several carriers of the JDK's scheduler): 0 unless set. A look
     * of 20 µs made no difference to pooled servers passing messages beyond the spread of runs, and took a quarter
     * of the carriers' time where pooled servers block (durable servers waiting for their commit, in rounds): the
     * workers that end such a burst each looked in turn while the database, on the same cores, had work to do.
     */
    private static final long SPIN_NANOS = Spinning.count("otp4j.worker.spinMicros", 0) * 1_000L;

    private static final int KEPT_IDLE = Spinning.CARRIERS;

    /** The most workers that look for a process by spinning at once: half the carriers, at least one. */
    private static final int MAX_SPINNING = Math.max(1, Spinning.CARRIERS / 2);

    private final String name;
    private final ConcurrentLinkedQueue<ProcessImpl> runnable = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedDeque<Thread> parked = new ConcurrentLinkedDeque<>();
    /**
     * How many workers are on {@link #parked} or about to be (or deciding whether to): raised before a worker looks
     * at the queue a last time, so a schedule that reads 0 here leaves the deque alone (most schedules find every
     * worker busy). Past one per carrier, a worker ends instead of parking.
     */
    private final AtomicInteger resting = new AtomicInteger();
    /** Workers that run no process: each will look at {@link #runnable} before it parks or ends. */
    private final AtomicInteger free = new AtomicInteger();
    /** Workers spinning in {@link #next} now. */
    private final AtomicInteger spinning = new AtomicInteger();

    /** Workers alive, for tests and diagnostics. */
    private final AtomicInteger alive = new AtomicInteger();

    private volatile boolean closed;

    Workers(String name) {
        this.name = "otp4j-worker " + name;
    }

    /** Hands {@code p}, which has claimed its wake-up from dormancy, to a worker. */
    void schedule(ProcessImpl p) {
        runnable.offer(p);
        callWorker();
    }

    /**
     * Makes sure a worker will look at the queue, which holds a process. A free worker looks at the queue before
     * it parks (it is on the parked list first) or ends (it leaves the free count first), so it either takes what
     * is queued or is unparked here.
     */
    private void callWorker() {
        if (ensureWorker() && resting.get() > 0) {
            Thread sleeper = parked.poll();
            if (sleeper != null) {
                LockSupport.unpark(sleeper);
            }
        }
    }

    /** Makes sure a worker will look at the queue: {@return true if one is free already}, false if one was started. */
    private boolean ensureWorker() {
        for (; ; ) {
            if (free.get() > 0) {
                return true;
            }
            if (free.compareAndSet(0, 1)) {
                startWorker();
                return false;
            }
        }
    }

    /** Starts a worker, counted free already; undoes the count if the JDK cannot start it. */
    private void startWorker() {
        alive.incrementAndGet();
        try {
            Carriers.virtualThreads().name(name).start(this::work);
        } catch (RuntimeException | Error e) {
            alive.decrementAndGet();
            free.decrementAndGet();
            throw e;
        }
    }

    /** Ends the parked workers; a worker running a process ends once nothing is left to run. */
    void close() {
        closed = true;
        Thread sleeper;
        while ((sleeper = parked.poll()) != null) {
            LockSupport.unpark(sleeper);
        }
    }

    /** {@return how many workers are alive} */
    int alive() {
        return alive.get();
    }

    private void work() {
        Thread self = Thread.currentThread();
        // When this worker's slice on its carrier began: the processes it runs one after another share it.
        short slice = Spinning.NO_SLICE;
        try {
            for (; ; ) {
                ProcessImpl p = next();
                if (p == null) {
                    int rested = rest(self);
                    if (rested == ENDS) {
                        return;
                    }
                    if (rested == PARKED) {
                        slice = Spinning.NO_SLICE; // it gave its carrier up: its next slice begins afresh
                    }
                    continue;
                }
                free.decrementAndGet();
                if (!runnable.isEmpty()) {
                    // The worker that a burst of schedules counted on is this one, and p may block it: another
                    // takes the rest.
                    callWorker();
                }
                try {
                    slice = p.runOn(self, slice);
                } catch (Throwable t) {
                    // This worker ends with what its process's exit threw; another takes what is queued.
                    try {
                        replaceIfNeeded();
                    } catch (Throwable r) {
                        t.addSuppressed(r);
                    }
                    throw t;
                }
                // An exit signal's interrupt reaches a process only while this worker is its thread (see Signals):
                // whatever is left of one belonged to the process that has just gone.
                Thread.interrupted();
                free.incrementAndGet();
            }
        } finally {
            alive.decrementAndGet();
        }
    }

    /**
     * Starts a worker in place of one that ends by an error (a process's exit ends with whatever it throws, and an
     * error such as {@link OutOfMemoryError} can still escape it), if processes are queued and no worker is free.
     */
    private void replaceIfNeeded() {
        if (!runnable.isEmpty()) {
            ensureWorker();
        }
    }

    /**
     * Takes the next runnable process, or null if there is none. A worker that finds none keeps looking for {@link
     * #SPIN_NANOS} first (if set), unless {@link #MAX_SPINNING} others look already: when a burst of processes that
     * blocked (in a call, a commit) ends at once, each of their workers would otherwise spin in turn.
     */
    private @Nullable ProcessImpl next() {
        ProcessImpl p = runnable.poll();
        if (p != null || SPIN_NANOS == 0) {
            return p;
        }
        if (spinning.incrementAndGet() > MAX_SPINNING) {
            spinning.decrementAndGet();
            return null;
        }
        try {
            long until = System.nanoTime() + SPIN_NANOS;
            do {
                for (int i = 0; i < 64; i++) {
                    Thread.onSpinWait();
                    p = runnable.poll();
                    if (p != null) {
                        return p;
                    }
                }
            } while (System.nanoTime() - until < 0 && !Spinning.othersQueued());
            return null;
        } finally {
            spinning.decrementAndGet();
        }
    }

    /** What {@link #rest} did: the worker ends. */
    private static final int ENDS = 0;

    /** What {@link #rest} did: a process was queued before the worker parked, and it looks again. */
    private static final int GOES_ON = 1;

    /** What {@link #rest} did: the worker parked until a process was scheduled for it. */
    private static final int PARKED = 2;

    /**
     * Parks a free worker until a process is scheduled for it. {@return {@link #PARKED}, {@link #GOES_ON} if one was
     * queued before it parked, or {@link #ENDS} if it must end instead} It has left the free count then, having made
     * sure nothing was queued meanwhile.
     */
    private int rest(Thread self) {
        boolean counted = !closed;
        if (counted && resting.incrementAndGet() <= KEPT_IDLE) {
            parked.push(self);
            if (!runnable.isEmpty() && parked.remove(self)) {
                resting.decrementAndGet();
                return GOES_ON;
            }
            long deadline = System.nanoTime() + IDLE;
            // The system clock's alarm, not a timed park: a timed park of a virtual thread registers a timer with
            // the JDK's scheduler and cancels it on the wake-up, which wakes the scheduler's timer thread twice for
            // every rest. A worker that rests again and again keeps one alarm queued.
            try (Clock.Alarm alarm = Clock.system().alarm(deadline)) {
                for (; ; ) {
                    alarm.park(this); // the first only arms it
                    if (!parked.contains(self)) {
                        resting.decrementAndGet();
                        return PARKED; // unparked by a schedule, which took it off the list
                    }
                    if ((closed || System.nanoTime() - deadline >= 0) && parked.remove(self)) {
                        break; // idle for long enough, or the node closed: end, as below
                    }
                }
            }
        }
        if (counted) {
            resting.decrementAndGet(); // it counted itself above, whether it rested or found enough resting
        }
        free.decrementAndGet();
        if (!runnable.isEmpty()) {
            free.incrementAndGet(); // queued as this worker left: it stays, and takes it
            return GOES_ON;
        }
        return ENDS;
    }
}
