package io.otp4j.task;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.Objects;

/**
 * What became of a task: Elixir's {@code {:ok, value}} and {@code {:exit, reason}}, and, in an async stream
 * that kills the items that time out, a timeout marker.
 *
 * @param <R> the task's value
 */
public sealed interface TaskResult<R> {

    /**
     * The task returned {@code value}.
     *
     * @param value what the task's function returned
     * @param <R> the task's value
     */
    record Ok<R>(R value) implements TaskResult<R> {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The task exited with {@code reason} before replying: it crashed ({@link ExitReason.Crash} carries the
     * throwable), or something else stopped it.
     *
     * @param reason the task's exit reason
     * @param <R> the task's value, which it did not give
     */
    record Exited<R>(ExitReason reason) implements TaskResult<R> {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public Exited {
            Objects.requireNonNull(reason, "reason");
        }
    }

    /**
     * The task ran past an async stream's per-item timeout and was killed ({@link
     * StreamOptions.OnTimeout#KILL_TASK}); Elixir's {@code {:exit, :timeout}}.
     *
     * @param timeout the per-item timeout it exceeded
     * @param <R> the task's value, which it did not give
     */
    record TimedOut<R>(Duration timeout) implements TaskResult<R> {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public TimedOut {
            Objects.requireNonNull(timeout, "timeout");
        }
    }

    /** {@return whether the task returned a value} */
    default boolean isOk() {
        return this instanceof Ok;
    }

    /**
     * {@return the value, if the task returned one}
     *
     * @throws TaskExitedException if the task exited or timed out instead; it names the reason
     */
    default R orElseThrow() {
        return switch (this) {
            case Ok<R> ok -> ok.value();
            case Exited<R> exited -> throw new TaskExitedException(null, exited.reason());
            case TimedOut<R> timedOut ->
                throw new TaskExitedException(null, ExitReason.custom("timeout after " + timedOut.timeout()));
        };
    }
}
