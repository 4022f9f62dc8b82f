package io.otp4j.supervisor;

import io.otp4j.time.Deadline;
import java.util.ArrayDeque;

/** The restarts of the last period, against a supervisor's intensity. Used by the supervisor's process only. */
final class Intensity {

    private final int max;
    private final long periodNanos;
    private final ArrayDeque<Long> restarts = new ArrayDeque<>();

    Intensity(SupervisorFlags flags) {
        this.max = flags.intensity();
        this.periodNanos = Deadline.saturatedNanos(flags.period());
    }

    /** Counts a restart at {@code now}; {@return whether it stays within the intensity} */
    boolean add(long now) {
        restarts.addLast(now);
        while (!restarts.isEmpty() && now - restarts.peekFirst() > periodNanos) {
            restarts.removeFirst();
        }
        return restarts.size() <= max;
    }
}
