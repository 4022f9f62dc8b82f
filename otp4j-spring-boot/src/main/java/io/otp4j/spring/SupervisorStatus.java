package io.otp4j.spring;

import java.time.Duration;
import java.util.Objects;

/**
 * How one supervisor of a supervision tree is doing, as the health indicator reports it: the root, or one nested
 * below it at any depth (a child supervisor, a dynamic supervisor, the partitions' supervisor of a partition
 * supervisor).
 *
 * @param path where it sits: the tree's name, then the child ids down to it, joined by {@code /} ({@code
 *     "orders/db"}); the root's path is the tree's name
 * @param pid its pid, as text
 * @param name the name it is registered under, or empty if it has none
 * @param restarts how many of its children it restarted within its own {@code period}, since this pid started
 * @param intensity how many restarts within {@code period} it tolerates; one more and it shuts down
 * @param period the period of its intensity
 * @param restartedByParent how many times its parent restarted it within the parent's period, always 0 for the
 *     root: a supervisor that exceeds its restart intensity shuts down and its parent restarts it (a sibling's
 *     exit under one_for_all or rest_for_one restarts it too)
 * @param activeChildren how many of its children run
 * @param children how many children it has, running or not
 */
public record SupervisorStatus(
        String path,
        String pid,
        String name,
        int restarts,
        int intensity,
        Duration period,
        int restartedByParent,
        int activeChildren,
        int children) {

    /** Checks the parts; a null one throws {@link NullPointerException} naming it. */
    public SupervisorStatus {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
    }

    /** {@return whether it has restarted as many children within its period as its intensity allows, at least one} */
    public boolean nearIntensity() {
        return restarts > 0 && restarts == intensity;
    }

    /**
     * {@return whether it went over its intensity: it restarted more children within its period than its intensity
     * allows, or its parent restarted it within the parent's period (it had shut down, or a sibling's exit took it
     * down)}
     */
    public boolean overIntensity() {
        return restarts > intensity || restartedByParent > 0;
    }

    /** {@return how the health details name it: its path and pid, and its registered name if it has one} */
    public String describe() {
        return path + " " + pid + (name.isEmpty() ? "" : " \"" + name + "\"");
    }
}
