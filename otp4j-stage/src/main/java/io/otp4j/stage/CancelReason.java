package io.otp4j.stage;

import io.otp4j.process.ExitReason;
import java.util.Objects;

/**
 * Why a subscription ended, as {@link Stage#handleCancel} is told (GenStage's {@code {:cancel, reason}} and
 * {@code {:down, reason}}).
 *
 * @param kind {@link Kind#CANCEL} if a side cancelled it, {@link Kind#DOWN} if the other side exited
 * @param reason the cancellation's or the exit's reason
 */
public record CancelReason(Kind kind, ExitReason reason) {

    /** How a subscription ended. */
    public enum Kind {
        /** One side cancelled it with {@link GenStage#cancel}, or the producer refused it. */
        CANCEL,
        /** The other side exited. */
        DOWN
    }

    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public CancelReason {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(reason, "reason");
    }

    /** {@return whether the reason is {@code normal}, {@code shutdown} or {@code {shutdown, detail}}} */
    public boolean isOrderly() {
        return orderly(reason);
    }

    static boolean orderly(ExitReason reason) {
        return reason.isNormal() || reason instanceof ExitReason.Shutdown;
    }
}
