package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * How a supervisor restarts: the siblings its strategy restarts with a child, the restart intensity it gives up
 * beyond, the back-off delays and the retries of failed starts, each a message the supervisor sends itself. Used
 * by the supervisor's own process only.
 */
final class Restarts {

    /**
     * A restart whose time has come: after a back-off delay, or a retry of a failed start. Its token tells it from
     * a restart cancelled or replaced since.
     */
    record Due(String key, long token, boolean retry) {}

    private final SupervisorServer server;
    private final SupervisorFlags flags;
    private final Intensity intensity;
    private final Children children;
    private final Shutdowns shutdowns;

    Restarts(SupervisorServer server, SupervisorFlags flags, Children children, Shutdowns shutdowns) {
        this.server = server;
        this.flags = flags;
        this.intensity = new Intensity(flags);
        this.children = children;
        this.shutdowns = shutdowns;
    }

    /**
     * Restarts a child that must be restarted, with the siblings its strategy names: counts the restart against
     * the intensity, stops the siblings, then starts the group now or after the back-off delay ({@code backoff}
     * false: a retry whose delay has passed already).
     *
     * @return false if the restart went beyond the intensity: the supervisor gives up and shuts down
     */
    boolean restart(Child child, boolean backoff) {
        if (!intensity.add(server.now())) {
            Reports.gaveUp(server.describe(), child.spec, flags);
            return false;
        }
        List<Child> group = group(child);
        for (int i = group.size() - 1; i >= 0; i--) {
            Child sibling = group.get(i);
            if (sibling == child) {
                continue;
            }
            cancel(sibling);
            if (sibling.pid != null) {
                shutdowns.stop(sibling);
            }
            if (sibling.spec.restart() == Restart.TEMPORARY) {
                children.remove(sibling); // OTP: a temporary child is never restarted, also not with siblings
            }
        }
        group.removeIf(c -> !children.contains(c));
        for (Child member : group) {
            member.restarting = true;
            member.restartReason = child.restartReason;
        }
        long delay = backoff ? backoffDelay(child) : 0;
        if (delay == 0) {
            startGroup(group);
        } else {
            schedule(child, delay, false);
        }
        return true;
    }

    /**
     * A restart's time has come: retries a failed start, or starts the group after its back-off delay. Does
     * nothing if the child was terminated, deleted or restarted since.
     *
     * @return false if the restart went beyond the intensity: the supervisor gives up and shuts down
     */
    boolean due(Due due) {
        Child child = children.get(due.key());
        if (child == null || !child.restarting || child.token != due.token()) {
            return true; // terminated, deleted or restarted since
        }
        child.timer = null;
        if (due.retry()) {
            return restart(child, false);
        }
        startGroup(group(child));
        return true;
    }

    /** The children restarted with {@code child}: itself, every child, or itself and the ones after it. */
    private List<Child> group(Child child) {
        return switch (flags.strategy()) {
            case ONE_FOR_ONE -> new ArrayList<>(List.of(child));
            case ONE_FOR_ALL -> children.all();
            case REST_FOR_ONE -> children.from(child);
        };
    }

    /**
     * Starts the members of a group that wait for a restart, in order. If one fails to start, the rest keep
     * waiting and that one is tried again (counted against the intensity, as OTP's {@code try_again_restart}).
     */
    private void startGroup(List<Child> group) {
        for (Child member : group) {
            if (!member.restarting || !children.contains(member)) {
                continue;
            }
            ExitReason failure = server.start(member);
            if (failure != null) {
                Reports.child(server.describe(), Reports.Context.START_ERROR, member.spec, null, failure);
                member.restarting = true;
                schedule(member, backoffDelay(member), true);
                return;
            }
            server.restarted(member);
        }
    }

    /** The back-off delay before the next restart of {@code child}, in nanoseconds; 0 without a back-off. */
    private long backoffDelay(Child child) {
        if (flags.backoff().isEmpty()) {
            return 0;
        }
        Backoff backoff = flags.backoff().get();
        if (child.startedAt != 0 && server.now() - child.startedAt >= Deadline.saturatedNanos(backoff.resetAfter())) {
            child.failures = 0; // it ran for the stable period: a new run of failures starts
        }
        long delay = backoff.delayNanos(child.failures);
        child.failures = Math.min(child.failures + 1, 1 << 20);
        return delay;
    }

    private void schedule(Child child, long delayNanos, boolean retry) {
        child.token = children.next();
        Due due = new Due(child.key, child.token, retry);
        ProcessContext self = server.context();
        if (delayNanos == 0) {
            self.send(self.self(), due);
        } else {
            child.timer = self.sendAfter(self.self(), Duration.ofNanos(delayNanos), due);
        }
    }

    /** Cancels a restart {@code child} waits for, if any: its timer, and any message already due. */
    void cancel(Child child) {
        if (child.timer != null) {
            server.context().node().cancelTimer(child.timer);
            child.timer = null;
        }
        child.restarting = false;
        child.token = children.next();
    }
}
