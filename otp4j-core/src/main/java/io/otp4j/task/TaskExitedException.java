package io.otp4j.task;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A task exited without a value: it crashed (the cause is the throwable), or something stopped it. {@link
 * Task#await} throws it where Elixir's {@code Task.await} exits the caller with the task's reason; a linked
 * task's crash has usually ended its owner over the link before this can be thrown, unless the owner traps
 * exits.
 */
public final class TaskExitedException extends TaskException {

    /** The task, or null when not known. */
    private final @Nullable Pid task;

    /** The task's exit reason. */
    private final ExitReason reason;

    TaskExitedException(@Nullable Pid task, ExitReason reason) {
        super((task == null ? "the task" : "task " + task) + " exited with " + reason + " before replying");
        if (reason instanceof ExitReason.Crash crash) {
            initCause(crash.cause());
        }
        this.task = task;
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    /** {@return the task, when known} */
    public Optional<Pid> task() {
        return Optional.ofNullable(task);
    }

    /** {@return the task's exit reason} */
    public ExitReason reason() {
        return reason;
    }
}
