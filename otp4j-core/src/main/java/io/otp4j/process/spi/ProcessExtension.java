package io.otp4j.process.spi;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;

/**
 * A part of a process that a component built on processes attaches at spawn ({@link Engine#spawn}): a
 * GenServer's core, which fails the calls still waiting for it at once with its exit reason instead of letting
 * their callers wait out a timeout. It is also how a process tells what it left unhandled: nothing a crashed
 * process had accepted goes away unseen. {@link Engine#extension} finds it again from a bare pid.
 *
 * <p>Order as a process exits: the body ends; {@link #exiting} runs; the mailbox closes (from then on sends
 * report {@code NO_PROCESS}); {@link #unhandled} gets what was still in it; the process drops its body and
 * this extension; then links and monitors fire, the process leaves its node, and {@link #gone} runs. A method that
 * throws is logged and ignored: the exit goes on.
 */
public interface ProcessExtension {

    /**
     * The process's body has ended with {@code reason}; its mailbox still takes messages. Runs on the
     * process's thread.
     *
     * @param pid the exiting process
     * @param reason its exit reason
     */
    default void exiting(Pid pid, ExitReason reason) {}

    /**
     * The process's mailbox has closed; {@code messages} were still in it, oldest first (possibly none). Runs on
     * the process's thread.
     *
     * @param pid the exiting process
     * @param reason its exit reason
     * @param messages what was left in its mailbox, oldest first; may be empty
     */
    default void unhandled(Pid pid, ExitReason reason, List<Object> messages) {}

    /**
     * The process has left its node: its names are free, its links and monitors told, and the node no longer
     * holds it. The last step of its exit, on the thread it exited on (which, for a pooled process, goes on to run
     * others).
     *
     * @param pid the process that has gone
     * @param reason its exit reason
     */
    default void gone(Pid pid, ExitReason reason) {}

    /**
     * {@return whether the process starts pooled}: with no thread of its own, dormant, as a pooled process waits
     * ({@link Engine#receiveOrWaitPooled}). Its body first runs on whichever thread wakes it: the spawner's, lent
     * with {@link Engine#lendTo}, or a worker of its node once a message or signal comes first. Asked once, at spawn.
     */
    default boolean startsPooled() {
        return false;
    }
}
