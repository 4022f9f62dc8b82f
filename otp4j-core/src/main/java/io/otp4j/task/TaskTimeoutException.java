package io.otp4j.task;

import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.Objects;

/**
 * A task did not reply in time: {@link Task#await(Duration)} gave up, or an async stream whose per-item timeout
 * fails the stream ({@link StreamOptions.OnTimeout#EXIT}) saw an item run past it. In both cases the task (in a
 * stream: every running task) was killed before this was thrown, and a reply that comes later is dropped.
 */
public final class TaskTimeoutException extends TaskException {

    /** The task that timed out. */
    private final Pid task;

    /** The timeout it exceeded. */
    private final Duration timeout;

    TaskTimeoutException(Pid task, Duration timeout, String what) {
        super("task " + task + " did not reply within " + timeout + "; " + what);
        this.task = Objects.requireNonNull(task, "task");
        this.timeout = timeout;
    }

    /** {@return the task that timed out} */
    public Pid task() {
        return task;
    }

    /** {@return the timeout it exceeded} */
    public Duration timeout() {
        return timeout;
    }
}
