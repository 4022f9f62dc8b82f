package io.otp4j.process;

import io.otp4j.internal.Carriers;
import io.otp4j.internal.Mailbox;
import io.otp4j.internal.Spinning;
import io.otp4j.process.spi.ProcessExtension;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One process: a virtual thread running a {@link ProcessBody} over its own {@link Mailbox}. This class holds
 * the process's state and ties its parts together; each part is a class with one job that acts on it:
 *
 * <ul>
 *   <li>{@link Receiving}: taking messages, spinning before parking, timed receive;
 *   <li>{@link Bonds}: links and monitors, local and remote;
 *   <li>{@link Signals}: exit signals, as they reach the process;
 *   <li>{@link ExitSequence}: what happens once the body has ended;
 *   <li>{@link Dormancy}: hibernation, a process without a thread;
 *   <li>{@link Inspection}: {@code info}, suspend and resume.
 * </ul>
 *
 * <p>The parts are stateless (static methods over this object) rather than objects of their own: a process
 * costs one object here, which matters with a million of them.
 *
 * <p>Threading: the process's own thread runs the body, receives, and runs the exit sequence. Any thread may
 * send to it, signal it, link to it or monitor it. Links, monitors, names and timers live in {@link Relations},
 * guarded by this object's monitor; two processes are locked together only to link them, in {@link Pid} order,
 * so no two threads can deadlock on them.
 */
@SuppressWarnings("ReferenceEquality") // processes are compared by identity: one object per live process
final class ProcessImpl implements ProcessContext, Runnable, Mailbox.Waker {

    private static final VarHandle PENDING_EXIT;
    private static final VarHandle HANDLED;
    private static final VarHandle CURRENT_TYPE;
    private static final VarHandle CURRENT_SINCE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            PENDING_EXIT = lookup.findVarHandle(ProcessImpl.class, "pendingExit", ExitReason.class);
            HANDLED = lookup.findVarHandle(ProcessImpl.class, "handled", long.class);
            CURRENT_TYPE = lookup.findVarHandle(ProcessImpl.class, "currentType", Class.class);
            CURRENT_SINCE = lookup.findVarHandle(ProcessImpl.class, "currentSince", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Node node;
    final Pid pid;
    final Mailbox mailbox;

    /**
     * What the thread runs: the spawned body, or after {@link #hibernate} or a wait below the body ({@link
     * #waitsBelow}) the body to resume with; null once the process has exited, so that a pid kept after the exit
     * holds nothing of what the process ran.
     */
    @Nullable
    ProcessBody body;

    /**
     * The process's current thread; null while it hibernates and after it exits. Written before each thread
     * starts (so that thread sees itself here) and cleared by the thread that goes dormant or exits.
     */
    volatile @Nullable Thread thread;

    /** The reason this process will exit with, once an exit signal (or its own exit) has reached it. */
    @SuppressWarnings("unused") // accessed through PENDING_EXIT
    private volatile @Nullable ExitReason pendingExit;

    volatile boolean trapExits;
    volatile boolean suspended;
    int suspendCount; // guarded by this

    /** Set, under this object's monitor, when the exit sequence starts; relations are closed from then on. */
    volatile boolean dead;

    @Nullable
    Relations relations; // guarded by this

    /**
     * What a component attached at spawn; set before the thread starts and before the pid is handed out, dropped
     * as the process exits.
     */
    @Nullable
    ProcessExtension extension;

    // Written by the owner only; read without a lock by info().
    @SuppressWarnings("unused") // accessed through HANDLED
    private long handled;

    /**
     * Owner only: the context that came with the message taken last (see {@link
     * io.otp4j.process.spi.ProcessHooks#capture()}), or null.
     */
    @Nullable
    Object carried;

    /** Owner only: see {@link Receiving}. */
    byte spinCredit = Receiving.SPIN_CREDIT;

    /**
     * Owner only: when this process's slice on its carrier began ({@link Spinning#endSliceIfOver}), or {@link
     * Spinning#NO_SLICE} once it has waited or yielded. Checked at each message taken.
     */
    short sliceStart = Spinning.NO_SLICE;

    /**
     * Owner only: the body returned to wait for its next message here, in {@link #run}, rather than in a frame of
     * its own ({@link Receiving#receiveOrWaitBelow}).
     */
    boolean waitsBelow;

    /**
     * Owner only: the process gives up its thread while it waits below its frames, and a worker of its node runs it
     * again ({@link Workers}); set by each such wait. Read by the party that wakes it after the dormancy's flag.
     */
    boolean pooled;

    // The message being handled, for info(): written by the owner with release stores (plain moves on x86, no
    // fence per message), read with acquire loads; currentSince is written before currentType, so a reader that
    // sees a type sees its start time.
    @SuppressWarnings("unused") // accessed through CURRENT_TYPE
    private @Nullable Class<?> currentType;

    @SuppressWarnings("unused") // accessed through CURRENT_SINCE
    private long currentSince;

    /**
     * A new process, with a thread from {@code threads} to start, or pooled and dormant if {@code threads} is null:
     * its first thread is then the one that claims its wake-up (a lender, or a worker of its node).
     */
    ProcessImpl(Node node, long id, MailboxConfig config, ProcessBody body, @Nullable ThreadFactory threads) {
        this.node = node;
        this.pid = new Pid(node.name(), node.creation(), id, this);
        this.mailbox = node.newMailbox(config);
        this.body = body;
        if (threads == null) {
            this.pooled = true;
            this.mailbox.prepareDormant(this);
            return;
        }
        Thread t = threads.newThread(this);
        t.setName(ThreadNames.of(pid, null));
        this.thread = t;
        this.mailbox.owner(t);
    }

    // ------------------------------------------------------------------ the process's own thread

    /**
     * The bottom of the process's thread, and where a body that waits below its own frames parks ({@link
     * #waitsBelow}): an idle server's parked stack is this frame and the JDK's, and a parked virtual thread keeps
     * every frame whole, so this one holds nothing but the process.
     */
    @Override
    public void run() {
        runUntilDormant();
    }

    /**
     * Runs the process until it ends or, pooled, goes dormant. {@return its slice's start as it left the thread}
     * ({@link #sliceStart}), read before it went dormant: from then on another thread may run it.
     */
    private short runUntilDormant() {
        while (runBody()) {
            if (pooled) {
                short slice = sliceStart;
                if (Dormancy.goDormant(this)) {
                    return slice; // the thread (or worker) moves on; wake() hands the process to a worker
                }
                continue; // something arrived while going dormant: resume on this thread
            }
            mailbox.prepareWait();
            if (!mailbox.hasNew() && pendingExit() == null && !suspended) {
                LockSupport.park(this);
                sliceStart = Spinning.NO_SLICE;
            }
            mailbox.cancelWait();
            Thread.interrupted(); // interrupts come only with exit signals, which runBody checks first
        }
        return sliceStart;
    }

    /**
     * Runs the body until it waits below its frames, hibernates or ends.
     *
     * @return true when the body returned to wait for its next message in {@link #run}; false when the thread
     *     ends (the process has exited, or has gone dormant)
     */
    private boolean runBody() {
        ExitReason reason;
        Throwable crash = null;
        for (; ; ) {
            try {
                if (pendingExit == null) {
                    Objects.requireNonNull(body, "a live process has a body").run(this);
                    if (waitsBelow) {
                        waitsBelow = false;
                        return true;
                    }
                }
                reason = ExitReason.normal();
            } catch (Hibernation h) {
                if (Dormancy.goDormant(this)) {
                    return false; // the thread ends; wake() gives the process a new one
                }
                continue; // something arrived while going dormant: resume on this thread
            } catch (ExitSignal signal) {
                reason = signal.reason();
            } catch (Throwable t) {
                crash = t;
                reason = ExitReason.crash(t);
            }
            break;
        }
        ExitReason pending = pendingExit;
        if (pending != null) {
            // A signal reached the process first; whatever unwound its stack afterwards was caused by it.
            reason = pending;
            crash = null;
        }
        ExitSequence.run(this, reason, crash);
        return false;
    }

    /**
     * Runs the process on {@code worker}, one of its node's {@link Workers} or a lent thread, until it waits or ends.
     * The thread's slice on its carrier goes on: it began at {@code slice} ({@link Spinning#NO_SLICE} if the thread
     * has just been given its carrier), and a process that has waited since its own last slice must not end the
     * thread's slice at once for it. {@return the slice's start as the process left the thread}
     */
    short runOn(Thread worker, short slice) {
        thread = worker;
        mailbox.owner(worker);
        sliceStart = slice;
        return runUntilDormant();
    }

    /**
     * Interrupts {@code t} if it is still this process's thread: a pooled process's worker goes on to run other
     * processes, and must not take an interrupt meant for this one. The thread changes away from a worker only
     * under this object's monitor ({@link #leaveThread}).
     */
    void interruptIfStill(Thread t) {
        synchronized (this) {
            if (thread == t) {
                Lending.interrupt(this, t); // a lent thread may run another process now
            }
        }
    }

    /** Clears {@link #thread}, under this object's monitor (see {@link #interruptIfStill}). */
    void leaveThread() {
        synchronized (this) {
            thread = null;
        }
    }

    /** Starts the process's first thread (spawn). */
    void start() {
        Objects.requireNonNull(thread, "a process starts once, before it can hibernate")
                .start();
    }

    /** Ends a dormancy: called once by the party that claimed it (see {@link Mailbox#claimDormant()}). */
    @Override
    public void wake() {
        Dormancy.wake(this);
    }

    void checkOwner(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + " acts on the calling process and must run on " + pid
                    + "'s own thread, not on " + Thread.currentThread());
        }
    }

    // ------------------------------------------------------------------ state the parts share

    @Nullable
    ExitReason pendingExit() {
        return pendingExit;
    }

    /** Sets the reason to exit with unless one is set already; {@return whether this call set it} */
    boolean setPendingExit(ExitReason reason) {
        return PENDING_EXIT.compareAndSet(this, null, reason);
    }

    boolean isAlive() {
        return !dead && pendingExit == null;
    }

    long handled() {
        return (long) HANDLED.getOpaque(this);
    }

    /**
     * Owner only: records that {@code message} is now being handled, stamped with the clock's {@linkplain
     * io.otp4j.time.Clock#coarseNanoTime() coarse time}: a precise reading per message would cost a cast a third of
     * its time, and info() needs the time on a message to the millisecond.
     */
    void taking(Object message) {
        HANDLED.setOpaque(this, (long) HANDLED.getOpaque(this) + 1);
        long now = node.clock().coarseNanoTime();
        CURRENT_SINCE.setRelease(this, now);
        CURRENT_TYPE.setRelease(this, message.getClass());
        short since = sliceStart;
        if (Spinning.sliceDue(since, now)) {
            sliceStart = Spinning.endSliceIfOver(since, now);
        }
        Carriers.goingOn();
    }

    /** Owner only: records that no message is being handled. */
    void idle() {
        CURRENT_TYPE.setRelease(this, null);
    }

    @Nullable
    Class<?> currentType() {
        return (Class<?>) CURRENT_TYPE.getAcquire(this);
    }

    long currentSince() {
        return (long) CURRENT_SINCE.getAcquire(this);
    }

    Relations relations() {
        Relations r = relations;
        if (r == null) {
            r = new Relations();
            relations = r;
        }
        return r;
    }

    /** Delivers a user message under the mailbox's policy. */
    Delivery deliver(Object message) {
        return Delivering.offer(this, message);
    }

    /** Delivers a signal turned into a message: never refused by a bound. */
    void deliverSystem(Object message) {
        mailbox.offerSystem(message);
    }

    // ------------------------------------------------------------------ ProcessContext

    @Override
    public Pid self() {
        return pid;
    }

    @Override
    public Node node() {
        return node;
    }

    @Override
    public Object receive() {
        return Receiving.receive(this, null);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(Receiving.receive(this, null, timeout));
    }

    @Override
    public Object receive(Predicate<Object> match) {
        Objects.requireNonNull(match, "match");
        return Receiving.receive(this, match);
    }

    @Override
    public Optional<Object> receive(Predicate<Object> match, Duration timeout) {
        Objects.requireNonNull(match, "match");
        return Optional.ofNullable(Receiving.receive(this, match, timeout));
    }

    @Override
    public <T> T receive(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(receive(type::isInstance));
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return Optional.ofNullable(Receiving.receive(this, type::isInstance, timeout))
                .map(type::cast);
    }

    @Override
    public void hibernate(ProcessBody resume) {
        checkOwner("hibernate");
        Objects.requireNonNull(resume, "resume");
        body = resume;
        throw Hibernation.INSTANCE;
    }

    @Override
    public Delivery send(Pid to, Object message) {
        try {
            return node.send(to, message);
        } catch (MailboxFullException e) {
            throw Signals.exitIfPending(this, e); // interrupted by an exit signal while blocked on a full mailbox
        }
    }

    @Override
    public Delivery send(String name, Object message) {
        try {
            return node.send(name, message);
        } catch (MailboxFullException e) {
            throw Signals.exitIfPending(this, e);
        }
    }

    @Override
    public Pid spawn(ProcessBody body) {
        return node.spawn(body);
    }

    @Override
    public Pid spawn(SpawnOptions options, ProcessBody body) {
        return node.spawn(options, body);
    }

    @Override
    public Pid spawnLink(ProcessBody body) {
        return spawnLink(SpawnOptions.defaults(), body);
    }

    @Override
    public Pid spawnLink(SpawnOptions options, ProcessBody body) {
        checkOwner("spawnLink");
        return node.spawn(options, body, null, child -> Bonds.linkNew(this, child));
    }

    @Override
    public SpawnedMonitor spawnMonitor(ProcessBody body) {
        return spawnMonitor(SpawnOptions.defaults(), body);
    }

    @Override
    public SpawnedMonitor spawnMonitor(SpawnOptions options, ProcessBody body) {
        checkOwner("spawnMonitor");
        return Bonds.spawnMonitored(this, options, body, null, false);
    }

    @Override
    public SpawnedMonitor spawnLinkMonitor(ProcessBody body) {
        return spawnLinkMonitor(SpawnOptions.defaults(), body);
    }

    @Override
    public SpawnedMonitor spawnLinkMonitor(SpawnOptions options, ProcessBody body) {
        checkOwner("spawnLinkMonitor");
        return Bonds.spawnMonitored(this, options, body, null, true);
    }

    @Override
    public void link(Pid other) {
        checkOwner("link");
        Bonds.link(this, Objects.requireNonNull(other, "pid"));
    }

    @Override
    public void unlink(Pid other) {
        checkOwner("unlink");
        Bonds.unlink(this, Objects.requireNonNull(other, "pid"));
    }

    @Override
    public MonitorRef monitor(Pid other) {
        checkOwner("monitor");
        return Bonds.monitor(this, Objects.requireNonNull(other, "pid"));
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return demonitor(ref, false);
    }

    @Override
    public boolean demonitor(MonitorRef ref, boolean flush) {
        checkOwner("demonitor");
        return Bonds.demonitor(this, Objects.requireNonNull(ref, "ref"), flush);
    }

    @Override
    public boolean trapExits(boolean trap) {
        checkOwner("trapExits");
        boolean old = trapExits;
        trapExits = trap;
        return old;
    }

    @Override
    public boolean trapsExits() {
        return trapExits;
    }

    @Override
    public void exit(ExitReason reason) {
        checkOwner("exit");
        Objects.requireNonNull(reason, "reason");
        setPendingExit(reason);
        throw ExitSignal.of(Objects.requireNonNull(pendingExit));
    }

    @Override
    public void exit(Pid to, ExitReason reason) {
        Signals.send(node, pid, to, reason);
        ExitReason pending = pendingExit;
        if (to.process == this && pending != null && Thread.currentThread() == thread) {
            throw ExitSignal.of(pending);
        }
    }

    @Override
    public void register(String name) {
        node.register(name, pid);
    }

    @Override
    public TimerRef sendAfter(Pid to, Duration delay, Object message) {
        return node.sendAfter(to, delay, message);
    }

    @Override
    public String toString() {
        return "Process" + pid;
    }
}
