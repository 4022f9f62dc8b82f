package io.otp4j.process;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Mailbox;
import io.otp4j.time.Clock;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * One process: a virtual thread running a {@link ProcessBody} over its own {@link Mailbox}.
 *
 * <p>Threading: the process's own thread runs the body, receives, and runs the exit sequence. Any thread may
 * send to it, signal it, link to it or monitor it. Links, monitors, names and timers live in {@link
 * Relations}, guarded by this object's monitor; two processes are locked together only to link them, in
 * {@link Pid} order, so no two threads can deadlock on them.
 */
@SuppressWarnings("ReferenceEquality") // processes are compared by identity: one object per live process
final class ProcessImpl implements ProcessContext, Runnable, Mailbox.Waker {

    private static final System.Logger LOG = System.getLogger("io.otp4j.process");

    /**
     * How many times an empty receive polls before parking. Spinning pays when the sender runs on another
     * carrier thread and answers quickly (a request/response exchange); with one carrier it only delays the
     * sender, so it is off there. {@code -Dotp4j.receive.spins=N} overrides it.
     */
    private static final int SPINS = Integer.getInteger(
            "otp4j.receive.spins",
            Integer.getInteger(
                                    "jdk.virtualThreadScheduler.parallelism",
                                    Runtime.getRuntime().availableProcessors())
                            > 1
                    ? 64
                    : 0);

    /** Failed spins in a row after which a process stops spinning (until a periodic probe succeeds). */
    private static final byte SPIN_CREDIT = 4;

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
    /** What the thread runs: the spawned body, or after {@link #hibernate} the body to resume with. */
    private ProcessBody body;

    /**
     * The process's current thread; null while it hibernates. Written before each thread starts (so that thread
     * sees itself here) and cleared by the thread that goes dormant.
     */
    volatile @Nullable Thread thread;

    /** The reason this process will exit with, once an exit signal (or its own exit) has reached it. */
    @SuppressWarnings("unused") // accessed through PENDING_EXIT
    private volatile @Nullable ExitReason pendingExit;

    private volatile boolean trapExits;
    private volatile boolean suspended;
    private int suspendCount; // guarded by this

    /** Set, under this object's monitor, when the exit sequence starts; relations are closed from then on. */
    private volatile boolean dead;

    private @Nullable Relations relations; // guarded by this

    /** Set before the thread starts and before the pid is handed out; read by its thread and {@link ExitHook#of}. */
    private @Nullable ExitHook exitHook;

    // Written by the owner only; read without a lock by info().
    @SuppressWarnings("unused") // accessed through HANDLED
    private long handled;

    /** Owner only: see {@link #spinForNew()}. */
    private byte spinCredit = SPIN_CREDIT;

    // The message being handled, for info(): written by the owner with release stores (plain moves on x86, no
    // fence per message), read with acquire loads; currentSince is written before currentType, so a reader that
    // sees a type sees its start time.
    @SuppressWarnings("unused") // accessed through CURRENT_TYPE
    private @Nullable Class<?> currentType;

    @SuppressWarnings("unused") // accessed through CURRENT_SINCE
    private long currentSince;

    ProcessImpl(Node node, long id, MailboxConfig config, ProcessBody body, ThreadFactory threads) {
        this.node = node;
        this.pid = new Pid(node.name(), node.creation(), id, this);
        this.mailbox = node.newMailbox(config);
        this.body = body;
        Thread t = threads.newThread(this);
        this.thread = t;
        this.mailbox.owner(t);
    }

    // ------------------------------------------------------------------ the process's own thread

    @Override
    public void run() {
        ExitReason reason;
        Throwable crash = null;
        for (; ; ) {
            try {
                if (pendingExit == null) {
                    body.run(this);
                }
                reason = ExitReason.normal();
            } catch (Hibernation h) {
                if (goDormant()) {
                    return; // the thread ends; wake() gives the process a new one
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
        terminate(reason, crash);
    }

    @Override
    public void hibernate(ProcessBody resume) {
        checkOwner("hibernate");
        Objects.requireNonNull(resume, "resume");
        body = resume;
        throw Hibernation.INSTANCE;
    }

    /**
     * Gives up this thread: the process stays, with its mailbox, relations and the body to resume with, but no
     * thread and no stack. {@return true if the thread must end}, false if something arrived meanwhile and it
     * should run the resume body itself.
     */
    private boolean goDormant() {
        CURRENT_TYPE.setRelease(this, null);
        thread = null; // before the flag: a waker that sees the flag writes the new thread after this
        mailbox.prepareDormant(this);
        if (!mailbox.hasNew() && pendingExit == null) {
            return true;
        }
        if (mailbox.claimDormant()) {
            Thread self = Thread.currentThread();
            thread = self;
            mailbox.owner(self);
            return false;
        }
        return true; // a sender claimed the wake-up first and is starting a new thread
    }

    /** Starts the process's first thread (spawn). */
    void start() {
        Objects.requireNonNull(thread, "a process starts once, before it can hibernate")
                .start();
    }

    /** Ends a dormancy: called once by the party that claimed it (see {@link Mailbox#claimDormant()}). */
    @Override
    public void wake() {
        Thread t = node.newThread(this);
        thread = t;
        mailbox.owner(t);
        t.start();
    }

    private void checkOwner(String what) {
        if (Thread.currentThread() != thread) {
            throw new IllegalStateException(what + " acts on the calling process and must run on " + pid
                    + "'s own thread, not on " + Thread.currentThread());
        }
    }

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
        return receiveUntimed(null);
    }

    @Override
    public Optional<Object> receive(Duration timeout) {
        return Optional.ofNullable(takeTimed(null, nanos(timeout)));
    }

    @Override
    public Object receive(Predicate<Object> match) {
        Objects.requireNonNull(match, "match");
        return receiveUntimed(match);
    }

    @Override
    public Optional<Object> receive(Predicate<Object> match, Duration timeout) {
        Objects.requireNonNull(match, "match");
        return Optional.ofNullable(takeTimed(match, nanos(timeout)));
    }

    @Override
    public <T> T receive(Class<T> type) {
        Objects.requireNonNull(type, "type");
        return type.cast(receive(type::isInstance));
    }

    @Override
    public <T> Optional<T> receive(Class<T> type, Duration timeout) {
        Objects.requireNonNull(type, "type");
        return Optional.ofNullable(takeTimed(type::isInstance, nanos(timeout))).map(type::cast);
    }

    static long nanos(Duration timeout) {
        return nanos(timeout, "timeout");
    }

    /** {@return {@code duration} in nanoseconds, saturated; the name says what the argument was} */
    static long nanos(Duration duration, String what) {
        Objects.requireNonNull(duration, what);
        if (duration.isNegative()) {
            throw new IllegalArgumentException(what + " must not be negative, was " + duration);
        }
        return saturatedNanos(duration);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    /**
     * One look at the mailbox: throws if an exit signal has reached the process, waits out a suspension, and
     * takes the first message ({@code match} accepts, if given), or returns null.
     */
    private @Nullable Object tryTake(@Nullable Predicate<Object> match) {
        if (suspended) {
            awaitResume();
        }
        ExitReason pending = pendingExit;
        if (pending != null) {
            throw new ExitSignal(pending);
        }
        Object message = match == null ? mailbox.poll() : mailbox.poll(match);
        if (message != null) {
            HANDLED.setOpaque(this, (long) HANDLED.getOpaque(this) + 1);
            CURRENT_SINCE.setRelease(this, node.clock().nanoTime());
            CURRENT_TYPE.setRelease(this, message.getClass());
        } else {
            CURRENT_TYPE.setRelease(this, null);
        }
        return message;
    }

    /** Receive without a timeout: the loop every idle process sleeps in. */
    private Object receiveUntimed(@Nullable Predicate<Object> match) {
        checkOwner("receive");
        for (; ; ) {
            Object message = tryTake(match);
            if (message != null) {
                return message;
            }
            awaitNew();
        }
    }

    /** Parks until something may have changed: a new message, an exit signal, a suspension. */
    private void awaitNew() {
        if (spinForNew()) {
            return;
        }
        mailbox.prepareWait();
        if (!mailbox.hasNew() && pendingExit == null && !suspended) {
            LockSupport.park(this);
        }
        mailbox.cancelWait();
        // Interrupts come only with exit signals, which tryTake() reports; a stale one must not turn parking
        // into spinning.
        Thread.interrupted();
    }

    /** Receive with a timeout ({@code 0}: only look); null when nothing came in time. */
    private @Nullable Object takeTimed(@Nullable Predicate<Object> match, long timeoutNanos) {
        checkOwner("receive");
        Clock clock = node.clock();
        long deadline = timeoutNanos > 0 ? deadlineAfter(clock, timeoutNanos) : 0;
        Clock.Scheduled wakeUp = null;
        try {
            for (; ; ) {
                Object message = tryTake(match);
                if (message != null) {
                    return message;
                }
                if (timeoutNanos == 0) {
                    return null;
                }
                if (suspended || spinForNew()) {
                    continue;
                }
                mailbox.prepareWait();
                if (mailbox.hasNew() || pendingExit != null || suspended) {
                    mailbox.cancelWait();
                    continue;
                }
                long remaining = deadline - clock.nanoTime();
                if (remaining <= 0) {
                    mailbox.cancelWait();
                    return null;
                }
                if (clock.isSystem()) {
                    LockSupport.parkNanos(this, remaining);
                } else {
                    if (wakeUp == null) {
                        Thread self = Thread.currentThread();
                        wakeUp = clock.schedule(remaining, () -> LockSupport.unpark(self));
                    }
                    LockSupport.park(this);
                }
                mailbox.cancelWait();
                Thread.interrupted();
            }
        } finally {
            if (wakeUp != null) {
                wakeUp.cancel();
            }
        }
    }

    private static long deadlineAfter(Clock clock, long timeoutNanos) {
        long now = clock.nanoTime();
        long deadline = now + timeoutNanos;
        return deadline < now ? Long.MAX_VALUE : deadline; // saturate on overflow
    }

    /**
     * Polls briefly for a new message before parking, adaptively: a process whose messages come back quickly
     * (a ping-pong partner) keeps spinning, one whose messages come rarely (a ring member, an idle server)
     * stops after {@value #SPIN_CREDIT} misses, and tries again once every 32 messages.
     */
    private boolean spinForNew() {
        if (SPINS == 0) {
            return false;
        }
        int credit = spinCredit;
        if (credit == 0 && (((long) HANDLED.getOpaque(this)) & 31) != 0) {
            return false;
        }
        for (int i = 0; i < SPINS; i++) {
            if (mailbox.hasNew()) {
                spinCredit = SPIN_CREDIT;
                return true;
            }
            Thread.onSpinWait();
        }
        spinCredit = (byte) (credit > 0 ? credit - 1 : 0);
        return false;
    }

    private void awaitResume() {
        while (suspended && pendingExit == null) {
            LockSupport.park(this);
            Thread.interrupted();
        }
    }

    @Override
    public Delivery send(Pid to, Object message) {
        try {
            return node.send(to, message);
        } catch (MailboxFullException e) {
            ExitReason pending = pendingExit;
            if (pending != null) {
                throw new ExitSignal(pending); // interrupted by an exit signal while blocked on a full mailbox
            }
            throw e;
        }
    }

    @Override
    public Delivery send(String name, Object message) {
        try {
            return node.send(name, message);
        } catch (MailboxFullException e) {
            ExitReason pending = pendingExit;
            if (pending != null) {
                throw new ExitSignal(pending);
            }
            throw e;
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
        return node.spawn(options, body, this::linkNew);
    }

    /** Links this process to {@code child}, which exists but has not started yet. */
    private void linkNew(ProcessImpl child) {
        synchronized (this) {
            relations().links().add(child);
        }
        synchronized (child) {
            child.relations().links().add(this);
        }
    }

    @Override
    public SpawnedMonitor spawnMonitor(ProcessBody body) {
        return spawnMonitor(SpawnOptions.defaults(), body);
    }

    @Override
    public SpawnedMonitor spawnMonitor(SpawnOptions options, ProcessBody body) {
        checkOwner("spawnMonitor");
        return spawnMonitored(options, body, false);
    }

    @Override
    public SpawnedMonitor spawnLinkMonitor(ProcessBody body) {
        return spawnLinkMonitor(SpawnOptions.defaults(), body);
    }

    @Override
    public SpawnedMonitor spawnLinkMonitor(SpawnOptions options, ProcessBody body) {
        checkOwner("spawnLinkMonitor");
        return spawnMonitored(options, body, true);
    }

    /** Spawns a child monitored (and, with {@code link}, linked) by this process before it runs. */
    private SpawnedMonitor spawnMonitored(SpawnOptions options, ProcessBody body, boolean link) {
        MonitorRef[] ref = new MonitorRef[1];
        Pid child = node.spawn(options, body, c -> {
            if (link) {
                linkNew(c);
            }
            ref[0] = addMonitor(c);
        });
        return new SpawnedMonitor(child, Objects.requireNonNull(ref[0]));
    }

    @Override
    public void link(Pid other) {
        checkOwner("link");
        Objects.requireNonNull(other, "pid");
        ProcessImpl target = other.process;
        if (target == this) {
            return;
        }
        if (target == null || !linkBoth(target)) {
            if (trapExits) {
                deliverSystem(new Exit(other, ExitReason.noproc()));
            } else {
                throw new NoProcException(other, "link to");
            }
        }
    }

    /** Links this live process to {@code other}, locking both in pid order; false if other is dead. */
    private boolean linkBoth(ProcessImpl other) {
        ProcessImpl first = pid.compareTo(other.pid) < 0 ? this : other;
        ProcessImpl second = first == this ? other : this;
        synchronized (first) {
            synchronized (second) {
                if (other.dead || dead) {
                    return false;
                }
                relations().links().add(other);
                other.relations().links().add(this);
                return true;
            }
        }
    }

    @Override
    public void unlink(Pid other) {
        checkOwner("unlink");
        Objects.requireNonNull(other, "pid");
        ProcessImpl target = other.process;
        if (target == null || target == this) {
            return;
        }
        synchronized (this) {
            Relations r = relations;
            if (r != null && r.links != null) {
                r.links.remove(target);
            }
        }
        target.removeLink(this);
    }

    private void removeLink(ProcessImpl other) {
        synchronized (this) {
            Relations r = relations;
            if (r != null && r.links != null) {
                r.links.remove(other);
            }
        }
    }

    @Override
    public MonitorRef monitor(Pid other) {
        checkOwner("monitor");
        Objects.requireNonNull(other, "pid");
        ProcessImpl target = other.process;
        if (target == null) {
            MonitorRef ref = new MonitorRef(other, node.nextRef());
            deliverSystem(new Down(ref, other, ExitReason.noproc()));
            return ref;
        }
        return addMonitor(target);
    }

    /** Records a monitor of this process on {@code target}; delivers DOWN(noproc) at once if it is dead. */
    private MonitorRef addMonitor(ProcessImpl target) {
        MonitorRef ref = new MonitorRef(target.pid, node.nextRef());
        // First on the watcher's side, so a target that dies in between finds nothing stale to leave behind.
        synchronized (this) {
            relations().monitors().put(ref, target);
        }
        boolean added;
        synchronized (target) {
            added = !target.dead;
            if (added) {
                target.relations().monitoredBy().put(ref, this);
            }
        }
        if (!added) {
            synchronized (this) {
                relations().monitors().remove(ref);
            }
            deliverSystem(new Down(ref, target.pid, ExitReason.noproc()));
        }
        return ref;
    }

    @Override
    public boolean demonitor(MonitorRef ref) {
        return demonitor(ref, false);
    }

    @Override
    public boolean demonitor(MonitorRef ref, boolean flush) {
        checkOwner("demonitor");
        Objects.requireNonNull(ref, "ref");
        ProcessImpl target;
        synchronized (this) {
            Relations r = relations;
            target = r == null || r.monitors == null ? null : r.monitors.remove(ref);
        }
        if (target != null) {
            synchronized (target) {
                Relations r = target.relations;
                if (r != null && r.monitoredBy != null) {
                    r.monitoredBy.remove(ref);
                }
            }
        }
        if (flush) {
            mailbox.poll(m -> m instanceof Down down && down.ref().equals(ref));
        }
        return target != null;
    }

    @Override
    public boolean trapExits(boolean trap) {
        checkOwner("trapExits");
        boolean old = trapExits;
        trapExits = trap;
        return old;
    }

    /** Sets the exit hook before the thread starts (spawn option). */
    void exitHook(ExitHook hook) {
        this.exitHook = hook;
    }

    /** {@return the exit hook chosen at spawn, if any} */
    @Nullable
    ExitHook exitHook() {
        return exitHook;
    }

    /** Sets trapping before the thread starts (spawn option). */
    void initialTrapExits() {
        trapExits = true;
    }

    @Override
    public boolean trapsExits() {
        return trapExits;
    }

    @Override
    public void exit(ExitReason reason) {
        checkOwner("exit");
        Objects.requireNonNull(reason, "reason");
        PENDING_EXIT.compareAndSet(this, null, reason);
        throw new ExitSignal(Objects.requireNonNull(pendingExit));
    }

    @Override
    public void exit(Pid to, ExitReason reason) {
        sendExit(pid, to, reason);
        ExitReason pending = pendingExit;
        if (to.process == this && pending != null && Thread.currentThread() == thread) {
            throw new ExitSignal(pending);
        }
    }

    /** Sends the exit signal of {@code exit(to, reason)} from {@code from}; see {@link #exitSignal}. */
    static void sendExit(Pid from, Pid to, ExitReason reason) {
        Objects.requireNonNull(to, "pid");
        Objects.requireNonNull(reason, "reason");
        ProcessImpl target = to.process;
        if (target != null) {
            target.exitSignal(from, reason, false);
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

    // ------------------------------------------------------------------ called from any thread

    /** Delivers a user message under the mailbox's policy. */
    Delivery deliver(Object message) {
        Mailbox.Offer offer = mailbox.offer(message);
        return switch (offer) {
            case ACCEPTED -> Delivery.ACCEPTED;
            case ACCEPTED_DROPPED_OLDEST -> Delivery.ACCEPTED_DROPPED_OLDEST;
            case DROPPED -> Delivery.DROPPED;
            case CLOSED -> Delivery.NO_PROCESS;
            case REJECTED -> throw full("the message was rejected");
            case TIMED_OUT ->
                throw full("it stayed full for " + ((MailboxConfig.Bounded) mailboxConfig()).maxWait()
                        + "; the message was not delivered");
            case INTERRUPTED -> throw full("the sender was interrupted while waiting for room");
        };
    }

    private MailboxFullException full(String what) {
        MailboxConfig.Bounded b = (MailboxConfig.Bounded) mailboxConfig();
        return new MailboxFullException(pid, b.capacity(), b.policy(), what);
    }

    /** Delivers a signal turned into a message: never refused by a bound. */
    void deliverSystem(Object message) {
        mailbox.offerSystem(message);
    }

    /**
     * An exit signal from {@code from} reaches this process.
     *
     * @param viaLink whether it comes from a linked process's exit (else from {@code exit(pid, reason)})
     */
    void exitSignal(Pid from, ExitReason reason, boolean viaLink) {
        if (dead) {
            return;
        }
        if (!viaLink && reason instanceof ExitReason.Kill) {
            exitAsync(ExitReason.killed());
        } else if (trapExits) {
            deliverSystem(new Exit(from, reason));
        } else if (!reason.isNormal()) {
            exitAsync(reason);
        } else if (!viaLink && from.equals(pid)) {
            exitAsync(reason); // exit(self(), normal) ends the caller
        }
    }

    /** Makes this process exit with {@code reason} at its next receive or blocking call. First reason wins. */
    private void exitAsync(ExitReason reason) {
        if (PENDING_EXIT.compareAndSet(this, null, reason)) {
            Thread t = thread;
            if (t == null || mailbox.isDormant()) {
                if (mailbox.claimDormant()) {
                    wake(); // a hibernating process needs a thread to exit on
                }
            } else if (Thread.currentThread() != t) {
                t.interrupt();
            }
        }
    }

    boolean isAlive() {
        return !dead && pendingExit == null;
    }

    void suspend() {
        synchronized (this) {
            if (dead) {
                throw new NoProcException(pid, "suspend");
            }
            suspendCount++;
            suspended = true;
        }
    }

    boolean resume() {
        synchronized (this) {
            if (suspendCount == 0) {
                return false;
            }
            if (--suspendCount == 0) {
                suspended = false;
            }
        }
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return true;
    }

    /** Registers {@code name} for this process in {@code table}; throws if it is dead or the name is taken. */
    void addName(String name, Map<String, ProcessImpl> table) {
        synchronized (this) {
            if (dead) {
                throw new NoProcException(pid, "register a name for");
            }
            ProcessImpl holder = table.putIfAbsent(name, this);
            if (holder != null) {
                // As Erlang's register/2: a name in use is an error, even when this process holds it.
                throw new NameTakenException(name, holder.pid);
            }
            relations().names().add(name);
        }
    }

    void forgetName(String name) {
        synchronized (this) {
            Relations r = relations;
            if (r != null && r.names != null) {
                r.names.remove(name);
            }
        }
    }

    /** Remembers a timer aimed at this process, to cancel it on exit; false if the process is dead. */
    boolean addTimer(TimerRef timer) {
        synchronized (this) {
            if (dead) {
                return false;
            }
            relations().timers().add(timer);
            return true;
        }
    }

    void forgetTimer(TimerRef timer) {
        synchronized (this) {
            Relations r = relations;
            if (r != null && r.timers != null) {
                r.timers.remove(timer);
            }
        }
    }

    @Nullable
    ProcessInfo info() {
        List<Pid> links = new ArrayList<>();
        List<Pid> monitors = new ArrayList<>();
        List<Pid> monitoredBy = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean isSuspended;
        synchronized (this) {
            if (dead) {
                return null;
            }
            isSuspended = suspendCount > 0;
            Relations r = relations;
            if (r != null) {
                if (r.links != null) {
                    r.links.forEach(p -> links.add(p.pid));
                }
                if (r.monitors != null) {
                    r.monitors.values().forEach(p -> monitors.add(p.pid));
                }
                if (r.monitoredBy != null) {
                    r.monitoredBy.values().forEach(p -> monitoredBy.add(p.pid));
                }
                if (r.names != null) {
                    names.addAll(r.names);
                }
            }
        }
        ProcessStatus status;
        if (pendingExit != null) {
            status = ProcessStatus.EXITING;
        } else if (isSuspended) {
            status = ProcessStatus.SUSPENDED;
        } else if (mailbox.isDormant()) {
            status = ProcessStatus.HIBERNATING;
        } else if (mailbox.isWaiting()) {
            status = ProcessStatus.WAITING;
        } else {
            status = ProcessStatus.RUNNING;
        }
        Class<?> type = (Class<?>) CURRENT_TYPE.getAcquire(this);
        long since = (long) CURRENT_SINCE.getAcquire(this);
        Duration onIt = type == null
                ? Duration.ZERO
                : Duration.ofNanos(Math.max(0, node.clock().nanoTime() - since));
        links.sort(null);
        monitors.sort(null);
        monitoredBy.sort(null);
        return new ProcessInfo(
                pid,
                status,
                mailbox.size(),
                (long) HANDLED.getOpaque(this),
                mailbox.dropped(),
                mailboxConfig(),
                Optional.ofNullable(type),
                onIt,
                links,
                monitors,
                monitoredBy,
                names,
                trapExits);
    }

    /** {@return the mailbox's kind, as chosen at spawn} (a bounded mailbox keeps its own; see Node.newMailbox) */
    MailboxConfig mailboxConfig() {
        return mailbox instanceof BoundedMailbox b && b.settings() instanceof MailboxConfig config
                ? config
                : MailboxConfig.unbounded();
    }

    private Relations relations() {
        Relations r = relations;
        if (r == null) {
            r = new Relations();
            relations = r;
        }
        return r;
    }

    // ------------------------------------------------------------------ exit

    /** Runs on the process's own thread once its body is done: tells everyone who asked, then leaves. */
    private void terminate(ExitReason reason, @Nullable Throwable crash) {
        Thread.interrupted(); // an exit signal's interrupt has done its work
        Class<?> lastType = (Class<?>) CURRENT_TYPE.getAcquire(this);
        CURRENT_TYPE.setRelease(this, null);
        Relations r;
        synchronized (this) {
            dead = true;
            r = relations;
            relations = null;
        }
        ExitHook hook = exitHook;
        if (hook != null) {
            runHook(() -> hook.exiting(pid, reason));
        }
        List<Object> left = mailbox.close();
        if (hook != null) {
            runHook(() -> hook.unhandled(pid, reason, List.copyOf(left)));
        }
        if (crash != null) {
            report(crash, lastType, r);
        }
        if (r != null) {
            if (r.names != null) {
                for (String name : r.names) {
                    node.nameGone(name, this);
                }
            }
            if (r.timers != null) {
                r.timers.forEach(TimerRef::cancelSilently);
            }
            if (r.links != null) {
                for (ProcessImpl linked : r.links) {
                    linked.removeLink(this);
                    linked.exitSignal(pid, reason, true);
                }
            }
            if (r.monitoredBy != null) {
                r.monitoredBy.forEach((ref, watcher) -> watcher.monitorFired(ref, new Down(ref, pid, reason)));
            }
            if (r.monitors != null) {
                r.monitors.forEach((ref, target) -> target.monitorRemoved(ref));
            }
        }
        node.exited(this);
    }

    private void runHook(Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.log(System.Logger.Level.ERROR, () -> "exit hook of process " + pid + " failed; the exit goes on", e);
        }
    }

    private void monitorFired(MonitorRef ref, Down down) {
        // The Down goes into the mailbox under the lock demonitor takes: once demonitor has removed the monitor,
        // no Down of it can arrive any more, so demonitor(ref, flush) leaves none behind (as Erlang guarantees).
        // The mailbox's own lock, if any, is a leaf: nothing is locked inside it.
        synchronized (this) {
            Relations r = relations;
            if (r == null || r.monitors == null || r.monitors.remove(ref) == null) {
                return; // demonitored in the meantime, or this watcher is gone
            }
            deliverSystem(down);
        }
    }

    private void monitorRemoved(MonitorRef ref) {
        synchronized (this) {
            Relations r = relations;
            if (r != null && r.monitoredBy != null) {
                r.monitoredBy.remove(ref);
            }
        }
    }

    private void report(Throwable crash, @Nullable Class<?> last, @Nullable Relations r) {
        List<String> names = r == null || r.names == null ? List.of() : List.copyOf(r.names);
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "process " + pid + (names.isEmpty() ? "" : " " + names) + " crashed: " + crash
                        + "\n  last message: " + (last == null ? "none" : last.getName())
                        + "\n  messages handled: " + (long) HANDLED.getOpaque(this),
                crash);
    }

    @Override
    public String toString() {
        return "Process" + pid;
    }
}
