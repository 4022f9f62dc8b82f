package io.otp4j.observe;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor restarted a child: what {@link ProcessObserver#childRestarted} is told, on the supervisor's thread.
 *
 * @param supervisor the supervisor
 * @param supervisorName the name the supervisor was started under, or null
 * @param childId the child's id in its spec
 * @param reason why the child's previous incarnation exited (for a child restarted with its siblings under {@code
 *     one_for_all} or {@code rest_for_one}, the reason of the child whose exit caused it)
 * @param newPid the restarted child
 */
public record ChildRestarted(
        Pid supervisor, @Nullable String supervisorName, Object childId, ExitReason reason, Pid newPid) {

    /** Checks the fields. */
    public ChildRestarted {
        Objects.requireNonNull(supervisor, "supervisor");
        Objects.requireNonNull(childId, "childId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(newPid, "newPid");
    }
}
