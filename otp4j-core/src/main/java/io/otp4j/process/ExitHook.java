package io.otp4j.process;

import java.util.List;

/**
 * Code that runs as a process exits, on its own thread, chosen at spawn with {@link
 * SpawnOptions#withExitHook(ExitHook)}.
 *
 * <p>Runtimes built on processes use it: a GenServer fails the calls still waiting for it at once, with its
 * exit reason, instead of letting their callers wait out a timeout. It is also how a process tells what it
 * left unhandled: nothing a crashed process had accepted goes away unseen.
 *
 * <p>Order: the body ends; {@link #exiting} runs; the mailbox closes (from then on sends report {@link
 * Delivery#NO_PROCESS}); {@link #unhandled} gets what was still in it; then links and monitors fire. A hook
 * that throws is logged and ignored: the exit goes on.
 */
public interface ExitHook {

    /**
     * The process's body has ended with {@code reason}; its mailbox still takes messages. Runs on the
     * process's thread.
     */
    default void exiting(Pid pid, ExitReason reason) {}

    /**
     * The process's mailbox has closed; {@code messages} were still in it, oldest first (possibly none). Runs
     * on the process's thread.
     */
    default void unhandled(Pid pid, ExitReason reason, List<Object> messages) {}
}
