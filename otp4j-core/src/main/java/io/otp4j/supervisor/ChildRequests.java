package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor's answers to the runtime requests that change its children (start, terminate, restart, delete):
 * each the value the client expects, or a {@link SupervisorServer.Failure} it turns into a {@link
 * SupervisorException}. A dynamic supervisor's children have no ids to name them by: only a start and a
 * terminate by pid reach them. Used by the supervisor's own process only.
 */
final class ChildRequests {

    private final SupervisorServer server;
    private final Children children;
    private final Restarts restarts;
    private final Shutdowns shutdowns;
    private final boolean dynamic;
    private final int maxChildren;

    ChildRequests(
            SupervisorServer server,
            Children children,
            Restarts restarts,
            Shutdowns shutdowns,
            boolean dynamic,
            int maxChildren) {
        this.server = server;
        this.children = children;
        this.restarts = restarts;
        this.shutdowns = shutdowns;
        this.dynamic = dynamic;
        this.maxChildren = maxChildren;
    }

    Object startChild(ChildSpec spec) {
        String key;
        if (dynamic) {
            if (children.size() >= maxChildren) {
                return failure(
                        SupervisorException.Problem.MAX_CHILDREN,
                        "cannot start child " + spec.id() + ": it has its maximum of " + maxChildren + " children");
            }
            key = spec.id() + "#" + children.next();
        } else {
            Child existing = children.get(spec.id());
            if (existing != null) {
                return existing.pid != null
                        ? failure(
                                SupervisorException.Problem.ALREADY_STARTED,
                                "child " + spec.id() + " is already started as " + existing.pid)
                        : failure(
                                SupervisorException.Problem.ALREADY_PRESENT,
                                "child " + spec.id() + " is already present (not running)");
            }
            key = spec.id();
        }
        Child child = new Child(key, spec);
        children.add(child);
        Object result = start(child);
        if (result instanceof SupervisorServer.Failure) {
            children.remove(child); // a child that never started is not kept
        }
        return result;
    }

    Object terminateChild(String id) {
        Child child = named(id);
        if (child == null) {
            return notFound("child " + id);
        }
        restarts.cancel(child);
        if (child.pid != null) {
            shutdowns.stop(child);
        }
        if (child.spec.restart() == Restart.TEMPORARY) {
            children.remove(child);
        }
        return Boolean.TRUE;
    }

    Object terminatePid(Pid pid) {
        Child child = children.running(pid);
        if (child == null) {
            return notFound("child " + pid);
        }
        shutdowns.stop(child);
        children.remove(child);
        return Boolean.TRUE;
    }

    Object restartChild(String id) {
        Child child = named(id);
        if (child == null) {
            return notFound("child " + id);
        }
        if (child.pid != null) {
            return running(child);
        }
        restarts.cancel(child);
        return start(child);
    }

    Object deleteChild(String id) {
        Child child = named(id);
        if (child == null) {
            return notFound("child " + id);
        }
        if (child.pid != null) {
            return running(child);
        }
        if (child.restarting) {
            return failure(
                    SupervisorException.Problem.RESTARTING, "child " + id + " is restarting; terminate it first");
        }
        children.remove(child);
        return Boolean.TRUE;
    }

    /** {@return the child a request names by id; null if none has it, and always for a dynamic supervisor's} */
    private @Nullable Child named(String id) {
        return dynamic ? null : children.get(id);
    }

    /** Starts {@code child}; {@return its {@link StartResult}, or the failure, reported, as the client expects} */
    private Object start(Child child) {
        ExitReason failure = server.start(child);
        if (failure == null) {
            return child.pid != null ? StartResult.ok(child.pid) : StartResult.ignore();
        }
        Reports.child(server.describe(), Reports.Context.START_ERROR, child.spec, null, failure);
        return new SupervisorServer.Failure(
                SupervisorException.Problem.START_FAILED,
                "child " + child.spec.id() + " failed to start: " + failure,
                Optional.of(failure));
    }

    private static SupervisorServer.Failure running(Child child) {
        return failure(
                SupervisorException.Problem.RUNNING,
                "child " + child.spec.id() + " is running as " + child.pid + "; terminate it first");
    }

    private static SupervisorServer.Failure notFound(String what) {
        return failure(SupervisorException.Problem.NOT_FOUND, "no " + what);
    }

    private static SupervisorServer.Failure failure(SupervisorException.Problem problem, String detail) {
        return new SupervisorServer.Failure(problem, detail, Optional.empty());
    }
}
