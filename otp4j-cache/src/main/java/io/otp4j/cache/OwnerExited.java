package io.otp4j.cache;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * The detail of the {@code {shutdown, detail}} reason a cache's process exits with when the process that owns it
 * exits: the cache went with its owner, as an ETS table does.
 *
 * @param owner the owner's pid
 * @param reason the reason the owner exited with
 */
public record OwnerExited(Pid owner, ExitReason reason) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public OwnerExited {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(reason, "reason");
    }

    @Override
    public String toString() {
        return "owner " + owner + " exited with " + reason;
    }
}
