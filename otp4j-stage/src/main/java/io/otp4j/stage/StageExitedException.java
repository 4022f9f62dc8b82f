package io.otp4j.stage;

import io.otp4j.process.ExitReason;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * Thrown to plain code consuming a stage (a {@link GenStage#stream stream} or {@link StageIterator}) when the
 * producer exits, or cancels the subscription, with an abnormal reason; the reason is kept.
 */
public final class StageExitedException extends OtpException {

    private static final long serialVersionUID = 1L;

    private final transient ExitReason reason;
    private final transient Pid producer;

    StageExitedException(Pid producer, ExitReason reason) {
        super("the stage " + producer + " exited with " + reason);
        this.producer = Objects.requireNonNull(producer, "producer");
        this.reason = reason;
        if (reason instanceof ExitReason.Crash crash) {
            initCause(crash.cause());
        }
    }

    /** {@return the reason the producer exited or cancelled with} */
    public ExitReason reason() {
        return reason;
    }

    /** {@return the producer} */
    public Pid producer() {
        return producer;
    }
}
