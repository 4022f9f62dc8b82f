package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.process.TimerRef;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A supervisor's record of one child. Used by the supervisor's own process only. */
final class Child {

    final String key;
    final ChildSpec spec;

    /** The running process, or null. */
    @Nullable
    Pid pid;

    /** Waiting for a restart (a back-off delay, or a retry after a failed start). */
    boolean restarting;

    /** Tells a due restart from one that was cancelled or replaced since. */
    long token;

    @Nullable
    TimerRef timer;

    /** Consecutive failed runs and starts, for the back-off. */
    int failures;

    /** Why it is being restarted: its own exit's reason, or that of the sibling whose exit restarts it. */
    @Nullable
    ExitReason restartReason;

    /** When it last started, on the node's clock. */
    long startedAt;

    Child(String key, ChildSpec spec) {
        this.key = key;
        this.spec = spec;
    }

    ChildInfo info() {
        Pid running = pid;
        ChildStatus status =
                running != null ? ChildStatus.RUNNING : restarting ? ChildStatus.RESTARTING : ChildStatus.NOT_RUNNING;
        return new ChildInfo(spec.id(), Optional.ofNullable(running), status, spec.type());
    }

    @Override
    public String toString() {
        return spec.id() + (pid != null ? " " + pid : "");
    }
}
