package io.otp4j.spring;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How one supervision tree is doing, as the health indicator reports it.
 *
 * @param name the tree's name
 * @param alive whether its root supervisor is alive (one that exceeded its restart intensity has shut down)
 * @param restarts how many restarts its root supervisor made within the last {@code period}
 * @param intensity how many restarts within {@code period} it tolerates; one more and it shuts down
 * @param period the period of its intensity
 * @param activeChildren how many of its children run
 * @param children how many children it has
 * @param supervisors every supervisor of the tree while it is alive: the root first, then those nested below it,
 *     depth first in start order; empty when the root is not alive
 */
public record TreeStatus(
        String name,
        boolean alive,
        int restarts,
        int intensity,
        Duration period,
        int activeChildren,
        int children,
        List<SupervisorStatus> supervisors) {

    /** Checks the parts; a null one throws {@link NullPointerException} naming it. */
    public TreeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
        supervisors = List.copyOf(Objects.requireNonNull(supervisors, "supervisors"));
    }

    /**
     * {@return whether the tree is healthy: alive, with no more restarts in its period than its intensity, and no
     * supervisor below the root restarted by its parent within the period}
     */
    public boolean healthy() {
        return alive && restarts <= intensity && over().isEmpty();
    }

    /**
     * {@return the supervisors over their restart intensity: each that restarted more children within its period
     * than its intensity allows, or that its parent restarted within the parent's period (it shut down, having
     * exceeded its own intensity, or was taken down by a sibling's exit)}
     */
    public List<SupervisorStatus> over() {
        List<SupervisorStatus> over = new ArrayList<>();
        for (SupervisorStatus s : supervisors) {
            if (s.overIntensity()) {
                over.add(s);
            }
        }
        return over;
    }

    /**
     * {@return the supervisors near their restart intensity: each that has restarted as many children within its
     * period as its intensity allows, so that one more would make it shut down}
     */
    public List<SupervisorStatus> near() {
        List<SupervisorStatus> near = new ArrayList<>();
        for (SupervisorStatus s : supervisors) {
            if (s.nearIntensity()) {
                near.add(s);
            }
        }
        return near;
    }
}
