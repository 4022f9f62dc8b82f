package io.otp4j.process;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A process's view of itself, handed to its {@link ProcessBody}: what Erlang code does with {@code self()},
 * {@code receive}, {@code link}, {@code monitor}, {@code process_flag(trap_exit, …)} and {@code exit/1}.
 *
 * <p>The methods that act on the calling process itself ({@code receive…}, {@code link}, {@code unlink},
 * {@code monitor}, {@code demonitor}, {@code trapExits}, {@code spawnLink}, {@code spawnMonitor}, {@code
 * spawnLinkMonitor}, {@code exit(ExitReason)}) must be called from the process's own thread; from anywhere else they throw {@link
 * IllegalStateException}. The others may be called from any thread.
 *
 * <h2>Exit signals</h2>
 *
 * An exit signal that ends the process takes effect at its next {@code receive} or blocking call (sleep,
 * lock, I/O that honours interrupts): a JVM thread cannot be stopped in the middle of plain computation.
 */
public sealed interface ProcessContext permits ProcessImpl {

    /** {@return this process's pid (Erlang's {@code self()})} */
    Pid self();

    /** {@return the node this process runs on} */
    Node node();

    /**
     * Sends a message; see {@link Node#send(Pid, Object)}. Messages from one process to another arrive in
     * the order sent.
     *
     * @param to the receiving process, of this node or another
     * @param message what to send; immutable, as it is passed by reference
     * @return what became of the message under the receiver's mailbox policy
     */
    Delivery send(Pid to, Object message);

    /**
     * Sends a message to a registered name; see {@link Node#send(String, Object)}.
     *
     * @param name a name registered on this node
     * @param message what to send; immutable, as it is passed by reference
     * @return what became of the message under the receiver's mailbox policy
     * @throws NameNotRegisteredException if no process holds the name
     */
    Delivery send(String name, Object message);

    /**
     * Takes the oldest message, waiting as long as it takes.
     *
     * @return the message taken out of the mailbox
     */
    Object receive();

    /**
     * Takes the oldest message, waiting at most {@code timeout} (zero: only look).
     *
     * @param timeout how long to wait, on the node's clock; {@link Duration#ZERO} only looks, never negative
     * @return the message, or empty if none came in time
     */
    Optional<Object> receive(Duration timeout);

    /**
     * Selective receive: takes the oldest message that {@code match} accepts, waiting as long as it takes.
     * The messages it passes over stay in the mailbox, in order.
     *
     * @param match accepts the message wanted; runs on this process's thread, free of side effects, as it may see
     *     a message again in a later receive
     * @return the message taken out of the mailbox
     */
    Object receive(Predicate<Object> match);

    /**
     * Selective receive with a timeout; see {@link #receive(Predicate)} and {@link #receive(Duration)}.
     *
     * @param match accepts the message wanted; runs on this process's thread, free of side effects, as it may see
     *     a message again in a later receive
     * @param timeout how long to wait, on the node's clock; {@link Duration#ZERO} only looks, never negative
     * @return the message, or empty if none matched in time
     */
    Optional<Object> receive(Predicate<Object> match, Duration timeout);

    /**
     * Selective receive by type: takes the oldest message that is a {@code type}.
     *
     * @param type the class (or interface) of the message wanted
     * @param <T> the message's type
     * @return the message taken out of the mailbox
     */
    <T> T receive(Class<T> type);

    /**
     * Selective receive by type, with a timeout.
     *
     * @param type the class (or interface) of the message wanted
     * @param timeout how long to wait, on the node's clock; {@link Duration#ZERO} only looks, never negative
     * @param <T> the message's type
     * @return the message, or empty if none of that type came in time
     */
    <T> Optional<T> receive(Class<T> type, Duration timeout);

    /**
     * Spawns a process; see {@link Node#spawn(ProcessBody)}.
     *
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid
     */
    Pid spawn(ProcessBody body);

    /**
     * Spawns a process with options; see {@link Node#spawn(SpawnOptions, ProcessBody)}.
     *
     * @param options its mailbox and name
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid
     */
    Pid spawn(SpawnOptions options, ProcessBody body);

    /**
     * Spawns a process linked to this one; the link exists before the new process runs.
     *
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid
     */
    Pid spawnLink(ProcessBody body);

    /**
     * Spawns a process linked to this one, with options.
     *
     * @param options its mailbox and name
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid
     */
    Pid spawnLink(SpawnOptions options, ProcessBody body);

    /**
     * Spawns a process monitored by this one; the monitor exists before the new process runs.
     *
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid and this process's monitor on it
     */
    SpawnedMonitor spawnMonitor(ProcessBody body);

    /**
     * Spawns a process monitored by this one, with options.
     *
     * @param options its mailbox and name
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid and this process's monitor on it
     */
    SpawnedMonitor spawnMonitor(SpawnOptions options, ProcessBody body);

    /**
     * Spawns a process linked to and monitored by this one (Erlang's {@code spawn_opt(Fun, [link, monitor])}):
     * both exist before the new process runs, so its exit reaches this process both as an exit signal and as
     * one {@link Down} carrying the true reason, however soon it exits.
     *
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid and this process's monitor on it
     */
    SpawnedMonitor spawnLinkMonitor(ProcessBody body);

    /**
     * Spawns a process linked to and monitored by this one, with options; see {@link
     * #spawnLinkMonitor(ProcessBody)}.
     *
     * @param options its mailbox and name
     * @param body what the new process runs; it exits normally when the body returns
     * @return the new process's pid and this process's monitor on it
     */
    SpawnedMonitor spawnLinkMonitor(SpawnOptions options, ProcessBody body);

    /**
     * Links this process to {@code pid}: when either exits abnormally, the other receives an exit signal.
     * Linking to oneself, or linking twice, does nothing.
     *
     * <p>If {@code pid} is not alive: a process that traps exits receives {@code Exit(pid, noproc)}; one
     * that does not gets a {@link NoProcException}.
     *
     * @param pid the process to link to, of this node or another
     */
    void link(Pid pid);

    /**
     * Removes the link to {@code pid}, if any. An {@link Exit} already delivered stays in the mailbox.
     *
     * @param pid the process linked to; a pid not linked is fine
     */
    void unlink(Pid pid);

    /**
     * Monitors {@code pid}: when it exits, this process receives one {@link Down}. If it is not alive, the
     * {@code Down} with {@link ExitReason#noproc()} arrives at once.
     *
     * @param pid the process to watch, of this node or another
     * @return the monitor, which its {@code Down} carries and {@link #demonitor} takes
     */
    MonitorRef monitor(Pid pid);

    /**
     * Removes a monitor.
     *
     * @param ref the monitor, as {@link #monitor} returned it
     * @return whether the monitor was still active (false if its {@code Down} was already sent)
     */
    boolean demonitor(MonitorRef ref);

    /**
     * Removes a monitor and, with {@code flush}, also a {@link Down} of it that already arrived. Once this
     * returns, no {@link Down} of the monitor arrives any more (as Erlang guarantees).
     *
     * @param ref the monitor, as {@link #monitor} returned it
     * @param flush whether to take a {@code Down} of it out of the mailbox too
     * @return whether the monitor was still active
     */
    boolean demonitor(MonitorRef ref, boolean flush);

    /**
     * Sets whether exit signals become {@link Exit} messages instead of ending this process ({@code
     * process_flag(trap_exit, Flag)}). {@link ExitReason#kill()} cannot be trapped.
     *
     * @param trap {@code true} to receive exit signals as {@link Exit} messages, {@code false} to be ended by
     *     abnormal ones
     * @return the previous setting
     */
    boolean trapExits(boolean trap);

    /** {@return whether this process traps exits} */
    boolean trapsExits();

    /**
     * Hibernates this process ({@code erlang:hibernate/3}): its thread ends and its stack is dropped, so that a
     * process waiting a long time for its next message costs only its pid, mailbox and {@code resume}'s state.
     * The process stays alive all the while: its pid, mailbox, links, monitors, names and timers are kept.
     * When a message or an exit signal arrives, {@code resume} runs as the process's body on a new thread;
     * when it returns, the process exits normally, as when a spawned body returns. If a message is already
     * waiting, {@code resume} runs at once.
     *
     * <p>This method never returns: it unwinds the stack with an {@link Error} that the process's own code must
     * not catch (code that catches {@code Throwable} must rethrow it, as with {@link ExitSignal}).
     * Hibernation trades time for memory: waking costs a thread start, about as much as a spawn.
     *
     * @param resume the body to run when something arrives
     */
    void hibernate(ProcessBody resume);

    /**
     * Ends this process with {@code reason} (Erlang's {@code exit/1}). Never returns normally.
     *
     * <p>It unwinds the process's stack with an {@link Error} so that {@code catch (Exception)} blocks do
     * not swallow it; {@code finally} blocks run.
     *
     * @param reason why the process ends; linked processes receive it as an exit signal
     */
    void exit(ExitReason reason);

    /**
     * Sends an exit signal to {@code pid}; see {@link Node#exit(Pid, ExitReason)}. The sender is this process.
     *
     * @param pid the process to signal, of this node or another
     * @param reason the signal's reason; {@link ExitReason#kill()} ends even a process that traps exits
     */
    void exit(Pid pid, ExitReason reason);

    /**
     * Registers this process under {@code name}; see {@link Node#register(String, Pid)}.
     *
     * @param name the name, unique on the node and not blank; it goes away when this process exits
     * @throws NameTakenException if another process holds the name
     */
    void register(String name);

    /**
     * Sends {@code message} to {@code to} after {@code delay}; see {@link Node#sendAfter(Pid, Duration, Object)}.
     *
     * @param to the receiving process
     * @param delay how long from now, on the node's clock; {@link Duration#ZERO} sends at once
     * @param message what to send; immutable
     * @return the timer, to cancel or read
     */
    TimerRef sendAfter(Pid to, Duration delay, Object message);
}
