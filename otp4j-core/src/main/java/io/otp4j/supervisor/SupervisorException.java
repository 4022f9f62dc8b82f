package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * A supervisor refused a runtime request ({@code startChild}, {@code terminateChild}, {@code restartChild},
 * {@code deleteChild}): the message names the supervisor, the child and the problem.
 */
public final class SupervisorException extends OtpException {

    private static final long serialVersionUID = 1L;

    /** What went wrong (Erlang's error atoms). */
    public enum Problem {
        /** No child has that id or pid ({@code not_found}). */
        NOT_FOUND,
        /** A child with that id exists and runs ({@code already_started}). */
        ALREADY_STARTED,
        /** A child spec with that id exists, not running ({@code already_present}). */
        ALREADY_PRESENT,
        /** The child runs, so it cannot be restarted or deleted ({@code running}). */
        RUNNING,
        /** The child waits to be restarted, so it cannot be deleted ({@code restarting}). */
        RESTARTING,
        /** The child's start failed; {@link #reason()} says why ({@code {error, Reason}}). */
        START_FAILED,
        /** A dynamic supervisor already has its maximum of children ({@code max_children}). */
        MAX_CHILDREN
    }

    /** What went wrong. */
    private final Problem problem;

    @SuppressWarnings("serial") // never serialized in practice: a reason may hold anything
    private final transient Optional<ExitReason> reason;

    SupervisorException(Pid supervisor, Problem problem, String detail, Optional<ExitReason> reason) {
        super("supervisor " + supervisor + ": " + detail);
        this.problem = Objects.requireNonNull(problem, "problem");
        this.reason = reason;
        reason.ifPresent(r -> {
            if (r instanceof ExitReason.Crash crash) {
                initCause(crash.cause());
            }
        });
    }

    /** {@return what went wrong} */
    public Problem problem() {
        return problem;
    }

    /** {@return for {@link Problem#START_FAILED}, why the child's start failed} */
    public Optional<ExitReason> reason() {
        return reason;
    }
}
