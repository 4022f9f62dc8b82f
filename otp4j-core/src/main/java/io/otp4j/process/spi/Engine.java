package io.otp4j.process.spi;

import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.SpawnedMonitor;
import io.otp4j.process.TimerRef;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The process layer's plumbing, for otp4j's own modules only: what a component built on processes needs and a
 * user never calls. The package is exported only to otp4j's modules; {@link #get()} returns the one
 * implementation, which the process layer provides.
 *
 * <p>All methods may be called from any thread.
 */
public interface Engine {

    /** {@return the process layer's engine} */
    static Engine get() {
        return Installed.engine();
    }

    /**
     * Installs the process layer's engine; called once, by the process layer itself.
     *
     * @param engine the process layer's implementation
     * @throws IllegalStateException if an engine is installed already
     */
    static void install(Engine engine) {
        Installed.install(engine);
    }

    // ------------------------------------------------------------------ components built on processes

    /**
     * Spawns a process with {@code extension} attached: it runs as the process exits, and {@link #extension}
     * finds it from the pid while the process lives.
     *
     * @param node the node to spawn on
     * @param options the mailbox, a name and the trap-exit flag
     * @param extension the component's part of the process; told of the exit, found again by {@link #extension}
     * @param body what the process runs
     * @return the new process's pid
     */
    Pid spawn(Node node, SpawnOptions options, ProcessExtension extension, ProcessBody body);

    /**
     * As {@link #spawn}, linked to {@code parent} (the calling process) before it runs.
     *
     * @param parent the calling process, linked to the new process
     * @param options the mailbox, a name and the trap-exit flag
     * @param extension the component's part of the process; told of the exit, found again by {@link #extension}
     * @param body what the process runs
     * @return the new process's pid
     */
    Pid spawnLink(ProcessContext parent, SpawnOptions options, ProcessExtension extension, ProcessBody body);

    /**
     * As {@link #spawn}, monitored by {@code parent} (the calling process) before it runs.
     *
     * @param parent the calling process, which monitors the new process
     * @param options the mailbox, a name and the trap-exit flag
     * @param extension the component's part of the process; told of the exit, found again by {@link #extension}
     * @param body what the process runs
     * @return the new process's pid and the parent's monitor on it
     */
    SpawnedMonitor spawnMonitor(
            ProcessContext parent, SpawnOptions options, ProcessExtension extension, ProcessBody body);

    /**
     * {@return the extension the live process {@code pid} was spawned with, if it is a {@code type}}: how a
     * component finds its own part of a process from a bare pid (a GenServer reference made from a name) without
     * a table of its own. Empty for a dead process: it holds nothing after exit.
     *
     * @param pid a process of this JVM
     * @param type the extension's class, or a supertype of it
     * @param <T> the extension's type
     */
    <T> Optional<T> extension(Pid pid, Class<T> type);

    /**
     * {@return the node of the live local process {@code pid}, if it is one}
     *
     * @param pid any pid
     */
    Optional<Node> nodeOf(Pid pid);

    /**
     * {@return whether {@code pid} is alive and no message seems to be waiting in its mailbox}: one read of each
     * side of the mailbox, no lock; a hint, stale as soon as read, for choosing how to wait for an answer.
     *
     * @param pid a process of this JVM
     */
    boolean looksIdle(Pid pid);

    /**
     * The receive of a body that waits for its next message below its own frames: the calling process's next
     * message, taken as {@link ProcessContext#receive()} takes it (after the same brief spin), or null when none
     * has come. After null the body must return from {@link ProcessBody#run} at once: the process then parks in
     * the frame that runs its body, with nothing of the body's on its stack, and runs {@code resume} when a
     * message or signal arrives (an exit signal ends the process instead), as after {@link
     * ProcessContext#hibernate} but on the same thread. A parked virtual thread keeps every frame of its stack, so
     * a body that waits this way costs only the frames below it while idle.
     *
     * @param self the calling process
     * @param resume what the process runs once woken: usually the caller itself
     * @return the next message, or null when the body must return and wait
     * @throws IllegalStateException if the calling thread is not {@code self}'s own
     */
    @Nullable
    Object receiveOrWaitBelow(ProcessContext self, ProcessBody resume);

    /**
     * As {@link #receiveOrWaitBelow}, but the process gives up its thread while it waits, as a hibernating one
     * does: when a message or signal arrives, one of its node's worker threads, shared by all such processes,
     * runs {@code resume} and stays its thread until it waits again. A message between two processes that wait
     * this way costs no park or unpark when a worker is busy anyway: the worker takes the next process in turn.
     * While it runs, the process behaves as on a thread of its own; between waits its thread may change, so a
     * {@link ThreadLocal} set before one wait may be gone after it.
     *
     * @param self the calling process
     * @param resume what the process runs once woken: usually the caller itself
     * @return the next message, or null when the body must return and wait
     * @throws IllegalStateException if the calling thread is not {@code self}'s own
     */
    @Nullable
    Object receiveOrWaitPooled(ProcessContext self, ProcessBody resume);

    /**
     * As {@link #receiveOrWaitPooled}, but takes only a message that {@code match} accepts, as {@link
     * ProcessContext#receive(Predicate)} does: the others stay in the mailbox, in order, for later receives. A message
     * that arrives meanwhile and does not match wakes the process all the same; the body then receives again.
     *
     * @param self the calling process
     * @param resume what the process runs once woken: usually the caller itself
     * @param match the messages to take
     * @return the first message {@code match} accepts, or null when the body must return and wait
     * @throws IllegalStateException if the calling thread is not {@code self}'s own
     */
    @Nullable
    Object receiveOrWaitPooled(ProcessContext self, ProcessBody resume, Predicate<Object> match);

    /**
     * Lends the calling thread to the local process {@code pid} if it is a pooled process waiting without a thread
     * ({@link #receiveOrWaitPooled}): for a caller that has a message for it and will wait for its answer. If so, runs
     * {@code deliver} (which sends the message) and then the process on the calling thread, as one of the node's
     * workers would, until it waits with nothing left, or, once {@code done} says the caller has its answer (or the
     * process has taken a few dozen messages), until its next wait for a message: a worker takes what is left. The
     * call then costs no park, unpark or hand-off between threads. An exit signal for the caller that comes
     * meanwhile interrupts the caller's thread only once the process has left it, and one for the process never
     * reaches the caller; an interrupt by other code reaches whatever runs on the thread.
     *
     * @param pid the process to run
     * @param deliver sends the caller's message; it runs once, with the process's wake-up claimed, so no worker runs
     *     the process meanwhile; if it throws, the process still runs (for whatever else came), and then the
     *     exception is thrown
     * @param done whether the caller has what it waits for; asked on the calling thread
     * @return whether the thread was lent (and {@code deliver} ran); false if the process is running, being woken,
     *     not pooled or not local, and the caller must send and wait as usual
     */
    boolean lendTo(Pid pid, Runnable deliver, BooleanSupplier done);

    /**
     * Makes a pooled process that runs on a thread a caller lent it ({@link #lendTo}), and whose caller has its
     * answer, leave that thread before it would hold it up: before a receive with a timeout, a suspension or a
     * continue.
     *
     * @param self the calling process
     * @param resume what the worker runs: usually the caller itself, resuming where it left off
     * @return true if the process leaves: the body must then return from {@link ProcessBody#run} at once, and a
     *     worker runs {@code resume} next, at once; false if the process is on no lent thread, or its caller still
     *     waits
     * @throws IllegalStateException if the calling thread is not {@code self}'s own
     */
    boolean leaveLentThread(ProcessContext self, ProcessBody resume);

    /**
     * Delivers {@code message} to the local process {@code pid} as a timer's message is delivered: a bounded mailbox
     * takes it past its limit, so it is neither rejected nor does the sender block. For the answer to work that a
     * process handed to another thread and awaits (a durable server's commit), which a full mailbox must not lose.
     * Does nothing if the process has ended.
     *
     * @param pid a process of this JVM
     * @param message what to deliver
     */
    void deliverAnswer(Pid pid, Object message);

    /**
     * {@return whether the calling thread is the local process {@code pid}'s own thread}: one comparison, so a
     * layer that authorizes by caller (a protected table) can ask it on every operation.
     *
     * @param pid any pid; false for one of another node
     */
    boolean isSelf(Pid pid);

    /**
     * {@return the pid of {@code node}'s process whose own thread is {@code thread}, if any}; linear in the
     * node's processes, for diagnostics and error messages that name a caller.
     *
     * @param node the node whose processes are searched
     * @param thread the thread to name, usually the calling one
     */
    Optional<Pid> pidOf(Node node, Thread thread);

    /**
     * {@return the pooled process that runs on the calling thread, lent to it ({@link #lendTo}), if the thread is
     * lent}: its own process is stopped meanwhile, in a call to it or in its start. For error messages that name who
     * runs on a thread.
     */
    Optional<Pid> borrower();

    /**
     * Asks {@link Node#close} to stop {@code pid} before the other processes and to wait for it: the root of a
     * supervision tree asks this, so that closing a node stops its trees top-down, newest first. The request goes
     * away with the process.
     *
     * @param node the node whose close stops {@code pid} first
     * @param pid a live process of {@code node}, the root of a tree
     * @throws io.otp4j.process.NoProcException if the process is not alive on {@code node}
     */
    void stopFirstOnClose(Node node, Pid pid);

    /**
     * {@return the service of {@code node} in the slot {@code key}, after {@code update}}: a per-node singleton
     * (a table manager) that lives and dies with its node, with no JVM-wide map. {@code update} gets the slot's
     * current value (null if empty) and returns the value to keep; it runs atomically for the slot and must not
     * block for long. A closed node keeps no services.
     *
     * @param node the node the service belongs to
     * @param key the slot, by convention the service's class
     * @param update makes the value to keep from the current one (null if empty); never returns null
     * @param <T> the service's type
     */
    <T> T service(Node node, Class<T> key, Function<@Nullable T, T> update);

    /**
     * {@return the service of {@code node} in the slot {@code key}, if any}
     *
     * @param node the node the service belongs to
     * @param key the slot, by convention the service's class
     * @param <T> the service's type
     */
    <T> Optional<T> service(Node node, Class<T> key);

    /**
     * Empties the slot {@code key} of {@code node} if it still holds {@code value}.
     *
     * @param node the node the service belongs to
     * @param key the slot, by convention the service's class
     * @param value the service to remove; a slot that holds another is left as it is
     * @param <T> the service's type
     */
    <T> void removeService(Node node, Class<T> key, T value);

    // ------------------------------------------------------------------ observation

    /**
     * Installs {@code hooks} on {@code node}, replacing those it had; null removes them.
     *
     * @param node the node to observe
     * @param hooks what the node tells from now on; null for nothing
     */
    void hooks(Node node, @Nullable ProcessHooks hooks);

    /**
     * {@return the hooks installed on {@code node}, or null}: one volatile read.
     *
     * @param node the node asked about
     */
    @Nullable
    ProcessHooks hooks(Node node);

    /**
     * {@return the context that came with the message the calling process took last, or null}: what {@link
     * ProcessHooks#capture(Pid, Object)} returned as it was sent. {@code self} is the calling process.
     *
     * @param self the calling process
     */
    @Nullable
    Object carried(ProcessContext self);

    /**
     * {@return how many messages wait in the mailbox of the calling process {@code self}} For reports after each
     * message: it counts only what arrived since it last counted, and a message whose send has only just returned
     * may be missed.
     *
     * @param self the calling process
     */
    int mailboxLength(ProcessContext self);

    /**
     * {@return the timers aimed at the calling process {@code self} that have neither fired nor been cancelled,
     * each with the message it will deliver}: how the test kit's harness tells which timers a callback set and
     * cancelled. Timers aimed at a name or at another process are not the process's and are not listed.
     *
     * @param self the calling process
     */
    Map<TimerRef, Object> timers(ProcessContext self);

    // ------------------------------------------------------------------ the remote seam

    /**
     * Routes whatever {@code node} sends to pids of other nodes through {@code route}, from now on; replaces the
     * route it had.
     *
     * @param node the node whose remote traffic is routed
     * @param route the transport that carries it
     */
    void route(Node node, RemoteRoute route);

    /**
     * Stops routing to other nodes: from now on they count as not connected to {@code node}.
     *
     * @param node the node that leaves its cluster
     */
    void unroute(Node node);

    /**
     * {@return the incarnation of {@code node}} (Erlang's "creation"): a pid of an earlier life is dead.
     *
     * @param node a node of this JVM
     */
    int creation(Node node);

    /**
     * {@return the incarnation of {@code pid}'s node}
     *
     * @param pid any pid, of this node or another
     */
    int creation(Pid pid);

    /**
     * {@return the pid {@code (nodeName, creation, id)} as seen from {@code node}}: for a pid of {@code node}
     * itself, the live process's own pid (or a dead one, to which sends are no-ops), else a pid of another node.
     * How a transport decodes a pid.
     *
     * @param node the node decoding the pid
     * @param nodeName the name of the pid's node
     * @param creation the incarnation of the pid's node
     * @param id the process's number on its node
     */
    Pid pid(Node node, String nodeName, int creation, long id);

    /**
     * {@return the pseudo-pid of the node that made {@code ref}}
     *
     * @param ref a monitor reference, of this node or another
     */
    Pid origin(MonitorRef ref);

    /**
     * {@return {@code ref}'s number, unique within its {@link #origin}}
     *
     * @param ref a monitor reference, of this node or another
     */
    long id(MonitorRef ref);

    /**
     * {@return the monitor reference {@code (target, origin, id)}}: how a transport decodes one.
     *
     * @param target the monitored process
     * @param origin the pseudo-pid of the node that made the reference
     * @param id the reference's number, unique within {@code origin}
     */
    MonitorRef monitorRef(Pid target, Pid origin, long id);

    /**
     * Delivers an exit signal from the remote {@code from} to the local {@code to}: {@code exit(to, reason)}, or
     * with {@code viaLink} the exit of a linked process (which also removes the link).
     *
     * @param from the remote sender
     * @param to the local receiver
     * @param reason the signal's reason
     * @param viaLink whether it is a linked process's exit rather than an {@code exit/2}
     */
    void exitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink);

    /**
     * Links the local {@code local} with the remote {@code remote}, on {@code remote}'s request.
     *
     * @param remote the remote process that asked for the link
     * @param local the local process to link
     * @return false if {@code local} is not alive: the transport answers with an exit signal {@code noproc}
     */
    boolean linkFrom(Pid remote, Pid local);

    /**
     * Removes the link between the local {@code local} and the remote {@code remote}.
     *
     * @param remote the remote process that removed the link
     * @param local the local process it was linked to
     */
    void unlinkFrom(Pid remote, Pid local);

    /**
     * Monitors the local {@code target} for the remote {@code watcher}.
     *
     * @param ref the monitor, made by the watcher's node
     * @param watcher the remote process that monitors
     * @param target the local process monitored
     * @return false if {@code target} is not alive: the transport answers with a Down {@code noproc}
     */
    boolean monitorFrom(MonitorRef ref, Pid watcher, Pid target);

    /**
     * Removes the monitor {@code ref} a remote watcher held on the local {@code target}.
     *
     * @param ref the monitor, made by the watcher's node
     * @param target the local process it was on
     */
    void demonitorFrom(MonitorRef ref, Pid target);

    /**
     * The remote target of the local {@code watcher}'s monitor {@code ref} ended with {@code reason}.
     *
     * @param ref the monitor, made by this node
     * @param watcher the local process that monitored
     * @param reason why the remote target ended; {@code noproc} if it was not alive
     */
    void down(MonitorRef ref, Pid watcher, ExitReason reason);

    /**
     * The node {@code nodeName} is lost to {@code node}: every local process linked to one of its processes gets
     * an exit signal {@code noconnection}, and every local monitor of one of them a Down {@code noconnection}.
     *
     * @param node the local node
     * @param nodeName the name of the node that is lost
     */
    void nodeDown(Node node, String nodeName);
}
