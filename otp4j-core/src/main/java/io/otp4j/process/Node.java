package io.otp4j.process;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Carried;
import io.otp4j.internal.Carriers;
import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import io.otp4j.process.jfr.Events;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import io.otp4j.process.spi.ProcessHooks;
import io.otp4j.process.spi.RemoteRoute;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A runtime instance: the processes, names and timers of one otp4j node. Several nodes can live in one JVM;
 * closing one stops all its processes and waits for them.
 *
 * {@snippet class="io.otp4j.process.DocSnippetsTest" region="node"}
 *
 * <p>All methods may be called from any thread, inside a process or not. Calls that need a calling process
 * (receive, link, monitor, trap exits) are on {@link ProcessContext}.
 */
public final class Node implements AutoCloseable {

    static {
        Engine.install(new EngineBridge());
    }

    /** Incarnations: a random start, so that a node restarted in a new JVM is told apart from its earlier life. */
    private static final AtomicInteger CREATIONS =
            new AtomicInteger(ThreadLocalRandom.current().nextInt(1, 1 << 30));

    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final int creation;
    private final Clock clock;
    private final Pid nodePid;
    private final ThreadFactory threads = Carriers.virtualThreads().factory();

    private final AtomicLong pids = new AtomicLong();
    private final AtomicLong refs = new AtomicLong();
    final ProcessTable processes = new ProcessTable();
    private final NameTable names = new NameTable();
    private final AtomicBoolean closed = new AtomicBoolean();
    final NodeClosing closing = new NodeClosing(this, processes);

    /** The worker threads of the node's pooled processes (see {@link Workers}). */
    final Workers workers;

    /** Per-node services of otp4j's own modules (see {@link Engine#service}); emptied on close. */
    final ConcurrentHashMap<Class<?>, Object> services = new ConcurrentHashMap<>();

    private volatile RemoteRoute route = Unrouted.INSTANCE;

    /** What observes this node's processes (see {@link Engine#hooks}); null while nothing does. */
    volatile @Nullable ProcessHooks hooks;

    private Node(String name, Clock clock) {
        this.name = Names.check(name);
        this.clock = Objects.requireNonNull(clock, "clock");
        int c = CREATIONS.incrementAndGet();
        this.creation = c == 0 ? CREATIONS.incrementAndGet() : c;
        this.nodePid = new Pid(name, creation, 0, null);
        this.workers = new Workers(name);
    }

    /** {@return a new node named {@code otp4j}, on the system clock} */
    public static Node start() {
        return start("otp4j");
    }

    /**
     * {@return a new node with the given name, on the system clock}
     *
     * @param name the node's name, not blank; pids print it, and a cluster knows the node by it
     */
    public static Node start(String name) {
        return new Node(name, Clock.system());
    }

    /**
     * {@return a new node with the given name and clock} (tests pass a manual clock)
     *
     * @param name the node's name, not blank; pids print it, and a cluster knows the node by it
     * @param clock what every timer, receive timeout and deadline of the node is measured on
     */
    public static Node start(String name, Clock clock) {
        return new Node(name, clock);
    }

    /** {@return this node's name} */
    public String name() {
        return name;
    }

    /** {@return this node's clock} */
    public Clock clock() {
        return clock;
    }

    /** {@return the pid that signals sent from outside any process (such as {@link #exit}) come from} */
    public Pid pid() {
        return nodePid;
    }

    // ------------------------------------------------------------------ spawning

    /**
     * Starts a process running {@code body} on a virtual thread of its own.
     *
     * @param body what the process runs; it exits normally when the body returns, with a crash when it throws
     * @return its pid; the process may already be running (or done) when this returns
     * @throws NodeClosedException if the node is closed
     */
    public Pid spawn(ProcessBody body) {
        return spawn(SpawnOptions.defaults(), body);
    }

    /**
     * Starts a process with options: its mailbox kind, a name registered before it runs, and whether it
     * traps exits from the start.
     *
     * @param options the mailbox, a name and the trap-exit flag; {@link SpawnOptions#defaults()} for none
     * @param body what the process runs; it exits normally when the body returns, with a crash when it throws
     * @return its pid; the process may already be running (or done) when this returns
     * @throws NameTakenException if the name is taken; no process is started
     * @throws NodeClosedException if the node is closed
     */
    public Pid spawn(SpawnOptions options, ProcessBody body) {
        return spawn(options, body, null, null);
    }

    /**
     * Spawns with an extension attached; {@code beforeStart} runs after the process exists and before its thread
     * starts.
     */
    Pid spawn(
            SpawnOptions options,
            ProcessBody body,
            @Nullable ProcessExtension extension,
            @Nullable Consumer<ProcessImpl> beforeStart) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        if (closed.get()) {
            throw new NodeClosedException(name);
        }
        boolean pooled = extension != null && extension.startsPooled();
        ProcessImpl process =
                new ProcessImpl(this, pids.incrementAndGet(), options.mailbox(), body, pooled ? null : threads);
        processes.put(process);
        // Re-checked after publishing, so close() either sees this process or this spawn sees close().
        if (closed.get()) {
            processes.remove(process);
            throw new NodeClosedException(name);
        }
        process.trapExits = options.trapExits();
        process.extension = extension;
        try {
            options.name().ifPresent(n -> names.register(n, process));
        } catch (RuntimeException e) {
            processes.remove(process);
            throw e;
        }
        if (beforeStart != null) {
            beforeStart.accept(process);
        }
        if (!pooled) {
            process.start(); // a pooled process waits, dormant, for the spawner to lend it a thread or a wake-up
        }
        ProcessHooks h = hooks;
        if (h != null) {
            h.spawned(process.pid);
        }
        Events.spawned(process.pid, options.name().orElse(null), body.getClass());
        return process.pid;
    }

    Mailbox newMailbox(MailboxConfig config) {
        return switch (config) {
            case MailboxConfig.Unbounded u -> new UnboundedMailbox();
            case MailboxConfig.Bounded b ->
                new BoundedMailbox(
                                b.capacity(),
                                BoundedMailbox.Overflow.valueOf(b.policy().name()),
                                Deadline.saturatedNanos(b.maxWait()),
                                clock)
                        .settings(b);
        };
    }

    /** A new, unstarted virtual thread for a process (at spawn, and when a hibernating process wakes). */
    Thread newThread(Runnable process) {
        return threads.newThread(process);
    }

    // ------------------------------------------------------------------ messages and signals

    /**
     * Sends {@code message} to {@code to} (Erlang's {@code to ! message}). Sending to a process that is not
     * alive is not an error: the message is discarded and {@link Delivery#NO_PROCESS} returned. A pid of
     * another node goes through the cluster, if this node is in one.
     *
     * <p>Messages are passed by reference, never copied, so they must be immutable (records, immutable
     * collections). Messages from one sender to one receiver arrive in the order sent. Everything the
     * sender did before {@code send} happens-before the receiver's {@code receive} returns the message.
     *
     * @param to the receiving process, of this node or another
     * @param message what to send; immutable, as it is passed by reference
     * @return what became of the message under the receiver's mailbox policy
     * @throws MailboxFullException if the receiver's bounded mailbox rejects it, or stays full for its whole
     *     blocking deadline
     */
    public Delivery send(Pid to, Object message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message must not be null");
        ProcessImpl process = to.process;
        if (process != null) {
            ProcessHooks h = hooks;
            return process.deliver(h == null ? message : carry(h, to, message));
        }
        return isLocal(to) ? Delivery.NO_PROCESS : route.send(to, message);
    }

    /**
     * Sends {@code message} to the process registered as {@code name}.
     *
     * @param name a name registered on this node
     * @param message what to send; immutable, as it is passed by reference
     * @return what became of the message under the receiver's mailbox policy
     * @throws NameNotRegisteredException if no process holds the name
     */
    public Delivery send(String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        ProcessImpl process = names.whereis(name).orElseThrow(() -> new NameNotRegisteredException(name));
        ProcessHooks h = hooks;
        return process.deliver(h == null ? message : carry(h, process.pid, message));
    }

    /** {@return {@code message} with the sender's context, if the hooks capture one} */
    private static Object carry(ProcessHooks hooks, Pid to, Object message) {
        Object context = hooks.capture(to, message);
        return context == null ? message : new Carried(message, context);
    }

    /**
     * Sends an exit signal to {@code pid}, from this node's {@link #pid()} (Erlang's {@code exit(Pid,
     * Reason)}). A process that traps exits receives an {@link Exit} message instead, except for {@link
     * ExitReason#kill()}, which always ends it with {@link ExitReason#killed()}. {@link ExitReason#normal()} is
     * ignored by a process that does not trap exits.
     *
     * @param pid the process to signal, of this node or another
     * @param reason the signal's reason
     */
    public void exit(Pid pid, ExitReason reason) {
        Signals.send(this, nodePid, pid, reason);
    }

    /**
     * {@return whether {@code pid} is alive: a process of this node that exists and no exit signal has reached}
     *
     * @param pid the process asked about; a pid of another node is never alive here
     */
    public boolean isAlive(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && process.isAlive();
    }

    /**
     * Waits until the process {@code pid} has exited, for code that is not a process (a {@code main}, a test);
     * a process monitors instead. The wait is measured on this node's clock.
     *
     * @return the reason it exited with, also when it had exited before the call (a dead process keeps its
     *     reason); {@code noproc} for a pid that names no process of this node (a process of another node that is
     *     not alive there answers as a monitor would); empty if it was still alive after {@code timeout}, or if the
     *     waiting thread was interrupted (its flag stays set)
     * @param pid the process to wait for
     * @param timeout how long to wait, on this node's clock; {@link Duration#ZERO} only looks, never negative
     * @throws IllegalArgumentException if {@code timeout} is negative
     */
    public Optional<ExitReason> await(Pid pid, Duration timeout) {
        Objects.requireNonNull(pid, "pid");
        long deadline = Deadline.after(clock, timeout, "timeout");
        CompletableFuture<ExitReason> exit = ExitWaits.exitOf(this, pid);
        Thread waiter = Thread.currentThread();
        exit.thenRun(() -> LockSupport.unpark(waiter));
        try (Clock.Alarm alarm = clock.alarm(deadline)) {
            while (!exit.isDone() && !Deadline.hasPassed(clock, deadline) && !waiter.isInterrupted()) {
                alarm.park(this);
            }
        }
        if (exit.isDone()) {
            return Optional.of(exit.join());
        }
        ExitWaits.forget(pid, exit);
        return Optional.empty();
    }

    // ------------------------------------------------------------------ names

    /**
     * Registers {@code pid} under {@code name}. The name goes away when the process exits.
     *
     * @param name the name, unique on this node and not blank
     * @param pid a live process of this node; it may hold several names
     * @throws NameTakenException if another process holds the name (the exception names the holder)
     * @throws NoProcException if the process is not alive, or not of this node
     * @throws IllegalArgumentException if the name is blank
     */
    public void register(String name, Pid pid) {
        Names.check(name);
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        if (process == null) {
            throw new NoProcException(pid, "register a name for");
        }
        names.register(name, process);
    }

    /**
     * Removes a name.
     *
     * @param name the name to free; its process goes on
     * @return whether the name was registered
     */
    public boolean unregister(String name) {
        return names.unregister(name);
    }

    /**
     * {@return the process registered as {@code name}, if any}
     *
     * @param name the name to look up
     */
    public Optional<Pid> whereis(String name) {
        return names.whereis(name).map(p -> p.pid);
    }

    Optional<ProcessImpl> whereisProcess(String name) {
        return names.whereis(name);
    }

    /** {@return the names registered on this node} */
    public Set<String> registered() {
        return names.registered();
    }

    void nameGone(String name, ProcessImpl process) {
        names.gone(name, process);
    }

    // ------------------------------------------------------------------ timers

    /**
     * Sends {@code message} to {@code to} once {@code delay} has passed on this node's clock (Erlang's {@code
     * erlang:send_after/3}). The timer is cancelled if the destination exits first; a timer aimed at a
     * process that is not alive is cancelled at once. Its message bypasses a bounded mailbox's limit: it was
     * accepted when the timer was set.
     *
     * @param to the receiving process
     * @param delay how long from now, on this node's clock; {@link Duration#ZERO} sends at once, never negative
     * @param message what to send; immutable
     * @return the timer, to cancel or read
     */
    public TimerRef sendAfter(Pid to, Duration delay, Object message) {
        return TimerRef.start(this, to, delay, message);
    }

    /**
     * Sends {@code message} to the process registered as {@code name} once {@code delay} has passed; the
     * name is looked up when the timer fires, and the message is discarded if no process holds it then.
     *
     * @param name the name of the receiving process, looked up when the timer fires
     * @param delay how long from now, on this node's clock; {@link Duration#ZERO} sends at once, never negative
     * @param message what to send; immutable
     * @return the timer, to cancel or read
     */
    public TimerRef sendAfter(String name, Duration delay, Object message) {
        return TimerRef.start(this, name, delay, message);
    }

    /**
     * Cancels a timer. If this returns a time, the timer's message will never arrive.
     *
     * @param timer the timer, as {@code sendAfter} returned it
     * @return the time that was left, or empty if the timer already fired (its message is in the mailbox,
     *     or on its way) or was already cancelled
     */
    public Optional<Duration> cancelTimer(TimerRef timer) {
        return Objects.requireNonNull(timer, "timer").cancel();
    }

    /**
     * {@return the time left on a timer, or empty if it has fired or been cancelled}
     *
     * @param timer the timer, as {@code sendAfter} returned it
     */
    public Optional<Duration> readTimer(TimerRef timer) {
        return Objects.requireNonNull(timer, "timer").read();
    }

    // ------------------------------------------------------------------ introspection and control

    /**
     * {@return a snapshot of the process, or empty if it is not alive}
     *
     * @param pid a process of this node
     */
    public Optional<ProcessInfo> info(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process == null ? Optional.empty() : Optional.ofNullable(Inspection.info(process));
    }

    /** {@return the pids of this node's live processes, in spawn order} */
    public List<Pid> processes() {
        List<Pid> all = processes.pids();
        all.sort(null);
        return all;
    }

    /** {@return a view of this node's processes for observing tools: light summaries, look-ups, stacks} */
    public ProcessView view() {
        return new ProcessView(this);
    }

    /** {@return how many processes this node has} */
    public int processCount() {
        return processes.size();
    }

    /**
     * Suspends a process (Erlang's {@code erlang:suspend_process/1}): from its next receive on it takes no
     * message, and messages queue, until as many {@link #resume} calls as suspends. Exit signals still
     * reach it.
     *
     * @param pid a live process of this node
     * @throws NoProcException if it is not alive
     */
    public void suspend(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        if (process == null) {
            throw new NoProcException(pid, "suspend");
        }
        Inspection.suspend(process);
    }

    /**
     * Undoes one {@link #suspend}.
     *
     * @param pid a process of this node, suspended by {@link #suspend}
     * @return false if the process was not suspended
     */
    public boolean resume(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && Inspection.resume(process);
    }

    // ------------------------------------------------------------------ what the engine and the parts share

    int creation() {
        return creation;
    }

    /** {@return a new number for a timer or a monitor reference} */
    long nextRef() {
        return refs.incrementAndGet();
    }

    /** {@return a new monitor reference on {@code target}, made by this node} */
    MonitorRef newMonitorRef(Pid target) {
        return new MonitorRef(target, nodePid, refs.incrementAndGet());
    }

    /** {@return whether {@code pid} names a process of this node's incarnation, or of an earlier life of it} */
    boolean isLocal(Pid pid) {
        return pid.node().equals(name);
    }

    RemoteRoute route() {
        return route;
    }

    void route(RemoteRoute route) {
        this.route = Objects.requireNonNull(route, "route");
    }

    void exited(ProcessImpl process) {
        processes.remove(process);
        closing.exited(process);
    }

    // ------------------------------------------------------------------ closing

    /** {@return whether {@link #close} has been called} */
    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the node, giving processes 5 seconds to exit on {@code shutdown} before they are killed. */
    @Override
    public void close() {
        close(DEFAULT_GRACE);
    }

    /**
     * Closes the node: no new process starts; first the roots of supervision trees receive an exit signal
     * {@code shutdown}, one at a time, newest first, and each is waited for while it stops its tree in order;
     * then every other process receives an exit signal {@code shutdown} (a process that traps exits gets it as
     * an {@link Exit} message and may clean up); those still alive after {@code grace} (counted from the start of
     * the close) are killed. Returns when every process has exited, or, for a process stuck in code that never
     * blocks, logs a warning naming it after a further {@code grace}. Called from one of the node's own
     * processes, it does not wait for that process, which exits at its next receive. The node's services go
     * with it, and it leaves its cluster: other nodes count as not connected from then on.
     *
     * @param grace how long processes have to exit on {@code shutdown} before they are killed, from the start of
     *     the close; {@link Duration#ZERO} kills them at once
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        closed.set(true);
        closing.close(grace);
        workers.close();
        services.clear();
        RemoteRoute left = route;
        route = Unrouted.INSTANCE;
        left.nodeClosed();
    }

    @Override
    public String toString() {
        return "Node[" + name + ", " + processes.size() + " processes]";
    }
}
