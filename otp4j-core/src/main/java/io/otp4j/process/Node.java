package io.otp4j.process;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Mailbox;
import io.otp4j.internal.UnboundedMailbox;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * A runtime instance: the processes, names and timers of one otp4j node. Several nodes can live in one JVM;
 * closing one stops all its processes and waits for them.
 *
 * <pre>{@code
 * try (Node node = Node.start("demo")) {
 *     Pid echo = node.spawn(self -> {
 *         while (true) {
 *             if (self.receive() instanceof Ping(Pid from)) {
 *                 self.send(from, new Pong());
 *             }
 *         }
 *     });
 *     node.send(echo, new Ping(someone));
 * }
 * }</pre>
 *
 * <p>All methods may be called from any thread, inside a process or not. Calls that need a calling process
 * (receive, link, monitor, trap exits) are on {@link ProcessContext}.
 */
public final class Node implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger("io.otp4j.process");
    private static final AtomicInteger CREATIONS = new AtomicInteger();
    private static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    private final String name;
    private final int creation;
    private final Clock clock;
    private final Pid nodePid;
    private final ThreadFactory threads = Thread.ofVirtual().factory();
    private final ReentrantLock exitLock = new ReentrantLock();
    private final Condition someoneExited = exitLock.newCondition();

    private final AtomicLong pids = new AtomicLong();
    private final AtomicLong refs = new AtomicLong();
    private final ConcurrentHashMap<Pid, ProcessImpl> processes = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ProcessImpl> names = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    /** Roots of trees that {@link #close} stops first, by the order they asked in. */
    private final ConcurrentHashMap<Pid, Long> stopFirst = new ConcurrentHashMap<>();

    private final AtomicLong stopFirstOrder = new AtomicLong();

    private Node(String name, Clock clock) {
        this.name = Names.check(name);
        this.clock = Objects.requireNonNull(clock, "clock");
        this.creation = CREATIONS.incrementAndGet();
        this.nodePid = new Pid(name, creation, 0, null);
    }

    /** {@return a new node named {@code otp4j}, on the system clock} */
    public static Node start() {
        return start("otp4j");
    }

    /** {@return a new node with the given name, on the system clock} */
    public static Node start(String name) {
        return new Node(name, Clock.system());
    }

    /** {@return a new node with the given name and clock} (tests pass a manual clock) */
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

    int creation() {
        return creation;
    }

    long nextRef() {
        return refs.incrementAndGet();
    }

    /** {@return the pid that signals sent from outside any process (such as {@link #exit}) come from} */
    public Pid pid() {
        return nodePid;
    }

    // ------------------------------------------------------------------ spawning

    /**
     * Starts a process running {@code body} on a virtual thread of its own.
     *
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
     * @throws NameTakenException if the name is taken; no process is started
     * @throws NodeClosedException if the node is closed
     */
    public Pid spawn(SpawnOptions options, ProcessBody body) {
        return spawn(options, body, null);
    }

    /** Spawns; {@code beforeStart} runs after the process exists and before its thread starts. */
    Pid spawn(
            SpawnOptions options,
            ProcessBody body,
            @org.jspecify.annotations.Nullable Consumer<ProcessImpl> beforeStart) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(body, "body");
        if (closed.get()) {
            throw new NodeClosedException(name);
        }
        ProcessImpl process = new ProcessImpl(this, pids.incrementAndGet(), options.mailbox(), body, threads);
        processes.put(process.pid, process);
        // Re-checked after publishing, so close() either sees this process or this spawn sees close().
        if (closed.get()) {
            processes.remove(process.pid);
            throw new NodeClosedException(name);
        }
        if (options.trapExits()) {
            process.initialTrapExits();
        }
        options.exitHook().ifPresent(process::exitHook);
        try {
            options.name().ifPresent(n -> process.addName(n, names));
        } catch (RuntimeException e) {
            processes.remove(process.pid);
            throw e;
        }
        if (beforeStart != null) {
            beforeStart.accept(process);
        }
        process.start();
        return process.pid;
    }

    Mailbox newMailbox(MailboxConfig config) {
        return switch (config) {
            case MailboxConfig.Unbounded u -> new UnboundedMailbox();
            case MailboxConfig.Bounded b ->
                new BoundedMailbox(
                                b.capacity(),
                                BoundedMailbox.Overflow.valueOf(b.policy().name()),
                                ProcessImpl.saturatedNanos(b.maxWait()),
                                clock)
                        .settings(b);
        };
    }

    // ------------------------------------------------------------------ messages and signals

    /**
     * Sends {@code message} to {@code to} (Erlang's {@code to ! message}). Sending to a process that is not
     * alive is not an error: the message is discarded and {@link Delivery#NO_PROCESS} returned.
     *
     * <p>Messages are passed by reference, never copied, so they must be immutable (records, immutable
     * collections). Messages from one sender to one receiver arrive in the order sent. Everything the
     * sender did before {@code send} happens-before the receiver's {@code receive} returns the message.
     *
     * @return what became of the message under the receiver's mailbox policy
     * @throws MailboxFullException if the receiver's bounded mailbox rejects it, or stays full for its whole
     *     blocking deadline
     */
    public Delivery send(Pid to, Object message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message must not be null");
        ProcessImpl process = to.process;
        return process == null ? Delivery.NO_PROCESS : process.deliver(message);
    }

    /**
     * Sends {@code message} to the process registered as {@code name}.
     *
     * @throws NameNotRegisteredException if no process holds the name
     */
    public Delivery send(String name, Object message) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(message, "message must not be null");
        ProcessImpl process = names.get(name);
        if (process == null) {
            throw new NameNotRegisteredException(name);
        }
        return process.deliver(message);
    }

    /**
     * Sends an exit signal to {@code pid}, from this node's {@link #pid()} (Erlang's {@code exit(Pid,
     * Reason)}). A process that traps exits receives an {@link Exit} message instead, except for {@link
     * ExitReason#kill()}, which always ends it with {@link ExitReason#killed()}. {@link ExitReason#normal()} is
     * ignored by a process that does not trap exits.
     */
    public void exit(Pid pid, ExitReason reason) {
        ProcessImpl.sendExit(nodePid, pid, reason);
    }

    /**
     * {@return whether the process {@code pid} is alive and no message seems to be waiting in its mailbox}, so
     * that a message sent now would be the next one it takes. One read of each side of the mailbox, no lock: a
     * hint, stale as soon as it is read, for choices such as how to wait for an answer.
     */
    public boolean looksIdle(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && process.mailbox.looksEmpty() && process.isAlive();
    }

    /** {@return whether {@code pid} is alive: it exists and no exit signal has reached it} */
    public boolean isAlive(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && process.isAlive();
    }

    /**
     * {@return whether the calling thread is the process {@code pid}'s own thread}: whether {@code pid} is
     * running the code that asks (Erlang's {@code self() =:= Pid}). It is one comparison, with no thread-local
     * lookup, so layers that authorize by caller (a protected table lets only its owner write) can ask it on
     * every operation. False for a pid of another node and for {@link #pid()}.
     */
    public boolean isSelf(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && process.thread == Thread.currentThread();
    }

    /**
     * {@return the pid of this node's process whose own thread is {@code thread}, if any}. It scans the node's
     * processes (linear in their number): it is meant for diagnostics and error messages that name a caller,
     * not for hot paths; those ask {@link #isSelf(Pid)}.
     */
    public Optional<Pid> pidOf(Thread thread) {
        Objects.requireNonNull(thread, "thread");
        for (ProcessImpl process : processes.values()) {
            if (process.thread == thread) {
                return Optional.of(process.pid);
            }
        }
        return Optional.empty();
    }

    // ------------------------------------------------------------------ names

    /**
     * Registers {@code pid} under {@code name}. The name goes away when the process exits.
     *
     * @throws NameTakenException if another process holds the name (the exception names the holder)
     * @throws NoProcException if the process is not alive
     * @throws IllegalArgumentException if the name is blank
     */
    public void register(String name, Pid pid) {
        Names.check(name);
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        if (process == null) {
            throw new NoProcException(pid, "register a name for");
        }
        process.addName(name, names);
    }

    /**
     * Removes a name.
     *
     * @return whether the name was registered
     */
    public boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl process = names.remove(name);
        if (process == null) {
            return false;
        }
        process.forgetName(name);
        return true;
    }

    /** {@return the process registered as {@code name}, if any} */
    public Optional<Pid> whereis(String name) {
        return whereisProcess(name).map(p -> p.pid);
    }

    Optional<ProcessImpl> whereisProcess(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(names.get(name));
    }

    /** {@return the names registered on this node} */
    public Set<String> registered() {
        return Set.copyOf(names.keySet());
    }

    void nameGone(String name, ProcessImpl process) {
        names.remove(name, process);
    }

    // ------------------------------------------------------------------ timers

    /**
     * Sends {@code message} to {@code to} once {@code delay} has passed on this node's clock (Erlang's {@code
     * erlang:send_after/3}). The timer is cancelled if the destination exits first; a timer aimed at a
     * process that is not alive is cancelled at once. Its message bypasses a bounded mailbox's limit: it was
     * accepted when the timer was set.
     */
    public TimerRef sendAfter(Pid to, Duration delay, Object message) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(message, "message must not be null");
        long nanos = ProcessImpl.nanos(delay, "delay");
        ProcessImpl target = to.process;
        TimerRef timer = new TimerRef(this, refs.incrementAndGet(), deadline(nanos), message, target, null);
        if (target == null || !target.addTimer(timer)) {
            timer.cancelSilently();
            return timer;
        }
        timer.scheduled(clock.schedule(nanos, timer::fire));
        return timer;
    }

    /**
     * Sends {@code message} to the process registered as {@code name} once {@code delay} has passed; the
     * name is looked up when the timer fires, and the message is discarded if no process holds it then.
     */
    public TimerRef sendAfter(String name, Duration delay, Object message) {
        Names.check(name);
        Objects.requireNonNull(message, "message must not be null");
        long nanos = ProcessImpl.nanos(delay, "delay");
        TimerRef timer = new TimerRef(this, refs.incrementAndGet(), deadline(nanos), message, null, name);
        timer.scheduled(clock.schedule(nanos, timer::fire));
        return timer;
    }

    private long deadline(long nanos) {
        long now = clock.nanoTime();
        long deadline = now + nanos;
        return deadline < now ? Long.MAX_VALUE : deadline;
    }

    /**
     * Cancels a timer. If this returns a time, the timer's message will never arrive.
     *
     * @return the time that was left, or empty if the timer already fired (its message is in the mailbox,
     *     or on its way) or was already cancelled
     */
    public Optional<Duration> cancelTimer(TimerRef timer) {
        return Objects.requireNonNull(timer, "timer").cancel();
    }

    /** {@return the time left on a timer, or empty if it has fired or been cancelled} */
    public Optional<Duration> readTimer(TimerRef timer) {
        return Objects.requireNonNull(timer, "timer").read();
    }

    // ------------------------------------------------------------------ introspection and control

    /** {@return a snapshot of the process, or empty if it is not alive} */
    public Optional<ProcessInfo> info(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process == null ? Optional.empty() : Optional.ofNullable(process.info());
    }

    /** {@return the pids of this node's live processes, in spawn order} */
    public List<Pid> processes() {
        List<Pid> all = new ArrayList<>(processes.keySet());
        all.sort(null);
        return all;
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
     * @throws NoProcException if it is not alive
     */
    public void suspend(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        if (process == null) {
            throw new NoProcException(pid, "suspend");
        }
        process.suspend();
    }

    /**
     * Undoes one {@link #suspend}.
     *
     * @return false if the process was not suspended
     */
    public boolean resume(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        return process != null && process.resume();
    }

    void exited(ProcessImpl process) {
        stopFirst.remove(process.pid);
        processes.remove(process.pid, process);
        if (closed.get()) { // someone may wait in close()
            exitLock.lock();
            try {
                someoneExited.signalAll();
            } finally {
                exitLock.unlock();
            }
        }
    }

    /** A new, unstarted virtual thread for a process (at spawn, and when a hibernating process wakes). */
    Thread newThread(Runnable process) {
        return threads.newThread(process);
    }

    /**
     * Asks {@link #close} to stop {@code pid} before the other processes, and to wait for it: the root of a
     * supervision tree asks this, so that closing the node stops the tree top-down, in the tree's own shutdown
     * order, before anything else is told to stop. Roots are stopped one at a time, the last to ask first (as an
     * application's trees stop in the reverse of their start). The request goes away with the process.
     */
    public void stopFirstOnClose(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl process = pid.process;
        if (process == null || !processes.containsKey(pid)) {
            throw new NoProcException(pid, "stop first on close");
        }
        stopFirst.putIfAbsent(pid, stopFirstOrder.incrementAndGet());
        if (!process.isAlive()) {
            stopFirst.remove(pid); // it exited meanwhile: exited() may have run before the put
        }
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
     * Closes the node: no new process starts; first the roots of supervision trees (see {@link
     * #stopFirstOnClose}) receive an exit signal {@code shutdown}, one at a time, and each is waited for while it
     * stops its tree in order; then every other process receives an exit signal {@code shutdown} (a process that
     * traps exits gets it as an {@link Exit} message and may clean up); those still alive after {@code grace}
     * (counted from the start of the close) are killed. Returns when every process has exited, or, for a process stuck in code that
     * never blocks, logs a warning naming it after a further {@code grace}. Called from one of the node's own
     * processes, it does not wait for that process, which exits at its next receive.
     */
    public void close(Duration grace) {
        Objects.requireNonNull(grace, "grace");
        closed.set(true);
        long deadline = System.nanoTime() + ProcessImpl.saturatedNanos(grace);
        stopTreesFirst(deadline);
        for (ProcessImpl process : processes.values()) {
            process.exitSignal(nodePid, ExitReason.shutdown(), false);
        }
        if (awaitAll(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            return;
        }
        for (ProcessImpl process : processes.values()) {
            process.exitSignal(nodePid, ExitReason.kill(), false);
        }
        if (!awaitAll(grace)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "node {0} closed with {1} process(es) that ignored kill (busy in code that never blocks): {2}",
                    name,
                    processes.size(),
                    processes());
        }
    }

    /**
     * Stops the roots that asked to go first, newest first, each waited for until {@code deadline}; a root still
     * alive then is left to the general shutdown that follows.
     */
    private void stopTreesFirst(long deadline) {
        List<Pid> roots = new ArrayList<>(stopFirst.keySet());
        roots.sort((a, b) -> Long.compare(stopFirst.getOrDefault(b, 0L), stopFirst.getOrDefault(a, 0L)));
        Thread caller = Thread.currentThread();
        for (Pid root : roots) {
            ProcessImpl process = root.process;
            if (process == null || process.thread == caller) {
                continue;
            }
            process.exitSignal(nodePid, ExitReason.shutdown(), false);
            if (!awaitLeft(process, deadline)) {
                return;
            }
        }
    }

    /** Waits until {@code process} has left the node, at most until {@code deadline}; {@return whether it has} */
    private boolean awaitLeft(ProcessImpl process, long deadline) {
        exitLock.lock();
        try {
            while (processes.get(process.pid) == process) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                someoneExited.await(Math.min(remaining, 10_000_000L), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            exitLock.unlock();
        }
    }

    /**
     * Waits for every process but the caller's own (a process may close its node) to leave the node. A process
     * leaves last thing on its thread, so once it has left it runs no more code of its own.
     */
    private boolean awaitAll(Duration grace) {
        long deadline = System.nanoTime() + ProcessImpl.saturatedNanos(grace);
        Thread caller = Thread.currentThread();
        ProcessImpl self = null;
        if (caller.isVirtual()) {
            for (ProcessImpl p : processes.values()) {
                if (p.thread == caller) {
                    self = p;
                    break;
                }
            }
        }
        exitLock.lock();
        try {
            while (!(processes.isEmpty()
                    || (self != null && processes.size() == 1 && processes.containsKey(self.pid)))) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                someoneExited.await(Math.min(remaining, 10_000_000L), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            exitLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "Node[" + name + ", " + processes.size() + " processes]";
    }
}
