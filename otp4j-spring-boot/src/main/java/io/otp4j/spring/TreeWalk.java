package io.otp4j.spring;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessSummary;
import io.otp4j.supervisor.ChildCounts;
import io.otp4j.supervisor.ChildInfo;
import io.otp4j.supervisor.ChildType;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One look down a supervision tree: the root supervisor and every supervisor below it, found through {@link
 * Supervisor#whichChildren} (a child of type supervisor is a plain, dynamic or partition supervisor: each answers
 * as a {@link Supervisor}). Bounded in depth and in the supervisors it visits, so that a pathological tree cannot
 * hold the health check.
 */
final class TreeWalk {

    static final int MAX_DEPTH = 32;
    static final int MAX_SUPERVISORS = 10_000;

    private final Node node;
    private final RestartLog restarts;
    private final long now;
    private final List<SupervisorStatus> found = new ArrayList<>();

    TreeWalk(Node node, RestartLog restarts, long now) {
        this.node = node;
        this.restarts = restarts;
        this.now = now;
    }

    /**
     * {@return the root's status first, then those below it, depth first in start order}
     *
     * @throws RuntimeException if the root exited during the look
     */
    List<SupervisorStatus> walk(String treeName, Supervisor root) {
        visit(treeName, root, 0, 0);
        return List.copyOf(found);
    }

    private void visit(String path, Supervisor s, int restartedByParent, int depth) {
        SupervisorFlags flags = s.flags();
        ChildCounts counts = s.countChildren();
        List<ChildInfo> children = s.whichChildren();
        Pid pid = s.pid();
        String name =
                node.view().summary(pid).flatMap(ProcessSummary::registeredName).orElse("");
        found.add(new SupervisorStatus(
                path,
                pid.toString(),
                name,
                restarts.recent(pid, now, flags.period()),
                flags.intensity(),
                flags.period(),
                restartedByParent,
                counts.active(),
                counts.specs()));
        if (depth >= MAX_DEPTH) {
            return;
        }
        for (ChildInfo child : children) {
            if (child.type() != ChildType.SUPERVISOR || found.size() >= MAX_SUPERVISORS) {
                continue;
            }
            Optional<Supervisor> nested = child.pid().flatMap(Supervisor::of);
            if (nested.isEmpty()) {
                continue; // restarting, or not a supervisor this walk can read
            }
            try {
                visit(
                        path + "/" + child.id(),
                        nested.get(),
                        restarts.recentOf(pid, child.id(), now, flags.period()),
                        depth + 1);
            } catch (RuntimeException e) {
                // it exited between the parent's answer and the look: its parent reports it when it restarts it
            }
        }
    }
}
