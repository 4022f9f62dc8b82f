package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import java.util.Objects;

/**
 * The detail of the exit reason of a supervisor whose start failed: {@code {shutdown, {failed_to_start_child,
 * Id, Reason}}}, as in OTP. A {@link io.otp4j.genserver.StartException} from {@link Supervisor#start} carries it.
 *
 * @param id the child that failed to start
 * @param reason why it failed
 */
public record FailedToStartChild(String id, ExitReason reason) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public FailedToStartChild {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "{failed_to_start_child, " + id + ", " + reason + "}";
    }
}
