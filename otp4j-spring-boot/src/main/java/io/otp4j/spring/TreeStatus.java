package io.otp4j.spring;

import java.time.Duration;
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
 */
public record TreeStatus(
        String name, boolean alive, int restarts, int intensity, Duration period, int activeChildren, int children) {

    /** Checks the parts. */
    public TreeStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(period, "period");
    }

    /** {@return whether the tree is healthy: alive, with no more restarts in its period than its intensity} */
    public boolean healthy() {
        return alive && restarts <= intensity;
    }
}
