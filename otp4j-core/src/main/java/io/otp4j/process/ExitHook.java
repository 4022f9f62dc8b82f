package io.otp4j.process;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * {@return the exit hook the live process {@code pid} was spawned with, if it is a {@code type}} This is how
     * a runtime built on processes finds its own part of a process from a bare pid (a GenServer reference made
     * from a pid or a name) without a table of its own.
     */
    static <T extends ExitHook> Optional<T> of(Pid pid, Class<T> type) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
        ProcessImpl process = pid.process;
        if (process == null || !process.isAlive()) {
            return Optional.empty();
        }
        ExitHook hook = process.exitHook();
        return type.isInstance(hook) ? Optional.of(type.cast(hook)) : Optional.empty();
    }
}
