package io.otp4j.supervisor;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static io.otp4j.genserver.Results.stop;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ExitSignal;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.jfr.Events;
import io.otp4j.process.spi.Engine;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor itself: a GenServer that traps exits, starts its children in order, restarts them by its
 * strategy within its intensity, and stops them in reverse order (Erlang's {@code supervisor} module). One engine
 * serves {@link Supervisor} and, in its dynamic mode, {@link DynamicSupervisor}.
 *
 * <p>Its state is this object, mutated only by the supervisor's own process. The callbacks are here; the work
 * is in its parts: the child records ({@link Children}), restarts ({@link Restarts}), the ordered shutdown
 * ({@link Shutdowns}) and the requests that change the children ({@link ChildRequests}).
 */
final class SupervisorServer implements GenServer<SupervisorServer, SupervisorServer.Request<?>, NoCast> {

    /** A supervisor's start waits for all its children: no init timeout, as OTP's {@code infinity}. */
    static final Duration NO_INIT_TIMEOUT = Duration.ofSeconds(Long.MAX_VALUE);

    /** The type of every supervisor's server, static or dynamic: what their lookups check. */
    static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(SupervisorServer.class);

    /** The runtime requests. Those that can fail reply with the value or a {@link Failure}. */
    sealed interface Request<R> extends Call<R> {}

    record Which() implements Request<List<ChildInfo>> {}

    record Count() implements Request<ChildCounts> {}

    record Flags() implements Request<SupervisorFlags> {}

    record StartChild(ChildSpec spec) implements Request<Object> {}

    record TerminateChild(String id) implements Request<Object> {}

    record TerminatePid(Pid pid) implements Request<Object> {}

    record RestartChild(String id) implements Request<Object> {}

    record DeleteChild(String id) implements Request<Object> {}

    /** A refused request; the client turns it into a {@link SupervisorException}. */
    record Failure(SupervisorException.Problem problem, String detail, Optional<ExitReason> reason) {}

    private final SupervisorFlags flags;
    private final List<ChildSpec> specs;
    private final boolean dynamic;
    private final boolean root;
    private final @Nullable String name;
    private final Children children = new Children();
    private final Shutdowns shutdowns;
    private final Restarts restarts;
    private final ChildRequests requests;
    private @Nullable ProcessContext self;

    private SupervisorServer(
            SupervisorFlags flags,
            List<ChildSpec> specs,
            boolean dynamic,
            int maxChildren,
            boolean root,
            @Nullable String name) {
        this.flags = flags;
        this.specs = specs;
        this.dynamic = dynamic;
        this.root = root;
        this.name = name;
        this.shutdowns = new Shutdowns(this, children);
        this.restarts = new Restarts(this, flags, children, shutdowns);
        this.requests = new ChildRequests(this, children, restarts, shutdowns, dynamic, maxChildren);
    }

    /**
     * Starts a supervisor, linked to {@code parent} if there is one.
     *
     * @param root whether node shutdown stops this tree first (not so for a child of another supervisor, which its
     *     parent stops)
     */
    static GenServerRef<Request<?>, NoCast> start(
            Node node,
            @Nullable ProcessContext parent,
            SupervisorFlags flags,
            List<ChildSpec> specs,
            StartOptions options,
            boolean root) {
        return start(
                node,
                parent,
                new SupervisorServer(
                        flags, specs, false, 0, root, options.name().orElse(null)),
                options);
    }

    /** Starts a dynamic supervisor: no initial children, one_for_one, at most {@code maxChildren}. */
    static GenServerRef<Request<?>, NoCast> startDynamic(
            Node node, @Nullable ProcessContext parent, SupervisorFlags flags, int maxChildren, StartOptions options) {
        return start(
                node,
                parent,
                new SupervisorServer(
                        flags,
                        List.of(),
                        true,
                        maxChildren,
                        parent == null,
                        options.name().orElse(null)),
                options);
    }

    private static GenServerRef<Request<?>, NoCast> start(
            Node node, @Nullable ProcessContext parent, SupervisorServer server, StartOptions options) {
        StartOptions withoutTimeout = options.withInitTimeout(NO_INIT_TIMEOUT);
        return parent == null
                ? GenServer.start(node, server, withoutTimeout)
                : GenServer.startLink(parent, server, withoutTimeout);
    }

    // ------------------------------------------------------------------ start

    @Override
    public Init<SupervisorServer> init(ProcessContext self) {
        this.self = self;
        self.trapExits(true);
        if (root) {
            Engine.get().stopFirstOnClose(self.node(), self.self());
        }
        for (ChildSpec spec : specs) {
            Child child = new Child(spec.id(), spec);
            children.add(child);
            ExitReason failure = start(child);
            if (failure != null) {
                Reports.child(describe(), Reports.Context.START_ERROR, spec, null, failure);
                shutdownAll();
                return Init.stop(ExitReason.shutdown(new FailedToStartChild(spec.id(), failure)));
            }
        }
        return Init.ok(this);
    }

    /** Starts one child; {@return null if it started or was ignored, else why it failed} */
    @Nullable
    ExitReason start(Child child) {
        StartResult result;
        try {
            result = child.spec.start().start(context());
        } catch (ExitSignal signal) {
            throw signal; // the supervisor itself is exiting
        } catch (StartException e) {
            if (!e.ignored()) {
                return e.reason().orElse(ExitReason.crash(e));
            }
            result = StartResult.ignore();
        } catch (Throwable t) {
            return ExitReason.crash(t);
        }
        if (result == null) {
            return ExitReason.crash(new NullPointerException("child " + child.spec.id() + "'s start returned null"));
        }
        child.restarting = false;
        child.timer = null;
        switch (result) {
            case StartResult.Ok ok -> {
                children.started(child, ok.pid());
                child.startedAt = now();
                context().link(ok.pid()); // a safeguard: does nothing when the start function linked it
            }
            case StartResult.Ignore ignore -> {
                child.pid = null;
                if (dynamic || child.spec.restart() == Restart.TEMPORARY) {
                    children.remove(child);
                }
            }
        }
        return null;
    }

    /**
     * A child restarted: told to Flight Recorder and to the node's observers. Nothing for a child whose restart
     * start was ignored (it runs no process).
     */
    void restarted(Child child) {
        Pid restartedPid = child.pid;
        if (restartedPid == null) {
            return;
        }
        Pid self = context().self();
        ExitReason reason = Objects.requireNonNullElse(child.restartReason, ExitReason.normal());
        Events.restarted(self, name, child.spec.id(), reason, restartedPid);
        Observers observers = Observers.of(context().node());
        if (observers != null) {
            observers.childRestarted(new ChildRestarted(self, name, child.spec.id(), reason, restartedPid));
        }
    }

    // ------------------------------------------------------------------ exits and restarts

    @Override
    public Result<SupervisorServer> handleInfo(Object message, SupervisorServer state) {
        if (message instanceof Exit exit) {
            Child child = children.stopped(exit.from());
            return child == null ? noReply(this) : exited(child, exit.from(), exit.reason());
        }
        if (message instanceof Restarts.Due due && !restarts.due(due)) {
            return stop(ExitReason.shutdown(), this); // beyond the intensity: terminate stops the other children
        }
        return noReply(this);
    }

    /** A child exited by itself: restart it, forget it, or shut the supervisor down, as its spec says. */
    private Result<SupervisorServer> exited(Child child, Pid pid, ExitReason reason) {
        boolean abnormal = !isShutdownOrNormal(reason);
        Restart restart = child.spec.restart();
        if (restart == Restart.PERMANENT || abnormal) {
            Reports.child(describe(), Reports.Context.CHILD_TERMINATED, child.spec, pid, reason);
        }
        boolean again = switch (restart) {
            case PERMANENT -> true;
            case TRANSIENT -> abnormal;
            case TEMPORARY -> false;
        };
        if (again) {
            child.restartReason = reason;
            return restarts.restart(child, true)
                    ? noReply(this)
                    : stop(ExitReason.shutdown(), this); // terminate stops the other children
        }
        if (dynamic || restart == Restart.TEMPORARY) {
            children.remove(child);
        }
        if (child.spec.significant() && autoShutdown()) {
            return stop(ExitReason.shutdown(), this);
        }
        return noReply(this);
    }

    /** Whether a significant child's exit now shuts the supervisor down. */
    private boolean autoShutdown() {
        return switch (flags.autoShutdown()) {
            case NEVER -> false;
            case ANY_SIGNIFICANT -> true;
            case ALL_SIGNIFICANT -> children.noSignificantLeft();
        };
    }

    static boolean isShutdownOrNormal(ExitReason reason) {
        return reason.isNormal() || reason instanceof ExitReason.Shutdown;
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public void terminate(ExitReason reason, SupervisorServer state) {
        shutdownAll();
    }

    /** Stops every child: in reverse start order, one by one; a dynamic supervisor's all at once. */
    private void shutdownAll() {
        List<Child> all = children.all();
        all.forEach(restarts::cancel);
        shutdowns.stopAll(all, dynamic);
    }

    // ------------------------------------------------------------------ runtime requests

    @Override
    public CallResult<SupervisorServer> handleCall(Request<?> request, From from, SupervisorServer state) {
        return switch (request) {
            case Which which -> reply(which, children.which(), this);
            case Count count -> reply(count, children.counts(), this);
            case Flags asked -> reply(asked, flags, this);
            case StartChild start -> reply(start, requests.startChild(start.spec()), this);
            case TerminateChild terminate -> reply(terminate, requests.terminateChild(terminate.id()), this);
            case TerminatePid terminate -> reply(terminate, requests.terminatePid(terminate.pid()), this);
            case RestartChild restart -> reply(restart, requests.restartChild(restart.id()), this);
            case DeleteChild delete -> reply(delete, requests.deleteChild(delete.id()), this);
        };
    }

    // ------------------------------------------------------------------

    /** {@return the time on the node's clock, in nanoseconds} */
    long now() {
        return context().node().clock().nanoTime();
    }

    ProcessContext context() {
        return java.util.Objects.requireNonNull(self, "supervisor before init");
    }

    /** {@return the supervisor as its reports name it: its pid, and its name if it has one} */
    String describe() {
        Pid pid = self != null ? self.self() : null;
        return (pid != null ? pid.toString() : "(starting)") + (name != null ? " \"" + name + "\"" : "");
    }

    @Override
    public Object formatStatus(SupervisorServer state) {
        return "supervisor " + flags.strategy() + " with " + children.size() + " children";
    }
}
