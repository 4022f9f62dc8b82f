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
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ExitSignal;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor itself: a GenServer that traps exits, starts its children in order, restarts them by its
 * strategy within its intensity, and stops them in reverse order (Erlang's {@code supervisor} module). One engine
 * serves {@link Supervisor} and, in its dynamic mode, {@link DynamicSupervisor}.
 *
 * <p>Its state is this object, mutated only by the supervisor's own process.
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

    record StartChild(ChildSpec spec) implements Request<Object> {}

    record TerminateChild(String id) implements Request<Object> {}

    record TerminatePid(Pid pid) implements Request<Object> {}

    record RestartChild(String id) implements Request<Object> {}

    record DeleteChild(String id) implements Request<Object> {}

    /** A refused request; the client turns it into a {@link SupervisorException}. */
    record Failure(SupervisorException.Problem problem, String detail, Optional<ExitReason> reason) {}

    /** A restart whose time has come: after a back-off delay, or a retry of a failed start. */
    private record RestartDue(String key, long token, boolean retry) {}

    private final SupervisorFlags flags;
    private final List<ChildSpec> specs;
    private final boolean dynamic;
    private final int maxChildren;
    private final boolean root;
    private final @Nullable String name;
    private final Intensity intensity;
    private final LinkedHashMap<String, Child> children = new LinkedHashMap<>();
    private final HashMap<Pid, Child> byPid = new HashMap<>();
    private @Nullable ProcessContext self;
    private long sequence;

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
        this.maxChildren = maxChildren;
        this.root = root;
        this.name = name;
        this.intensity = new Intensity(flags);
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
            children.put(child.key, child);
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
    private @Nullable ExitReason start(Child child) {
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
                child.pid = ok.pid();
                child.startedAt = now();
                byPid.put(ok.pid(), child);
                context().link(ok.pid()); // a safeguard: does nothing when the start function linked it
            }
            case StartResult.Ignore ignore -> {
                child.pid = null;
                if (dynamic || child.spec.restart() == Restart.TEMPORARY) {
                    children.remove(child.key);
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------------ exits and restarts

    @Override
    public Result<SupervisorServer> handleInfo(Object message, SupervisorServer state) {
        if (message instanceof Exit exit) {
            Child child = byPid.remove(exit.from());
            return child == null ? noReply(this) : exited(child, exit.reason());
        }
        if (message instanceof RestartDue due) {
            Child child = children.get(due.key());
            if (child == null || !child.restarting || child.token != due.token()) {
                return noReply(this); // terminated, deleted or restarted since
            }
            child.timer = null;
            return due.retry() ? restart(child, false) : startGroup(group(child));
        }
        return noReply(this);
    }

    /** A child exited by itself: restart it, forget it, or shut the supervisor down, as its spec says. */
    private Result<SupervisorServer> exited(Child child, ExitReason reason) {
        Pid pid = child.pid;
        child.pid = null;
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
            return restart(child, true);
        }
        if (dynamic || restart == Restart.TEMPORARY) {
            children.remove(child.key);
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
            case ALL_SIGNIFICANT ->
                children.values().stream().noneMatch(c -> c.spec.significant() && (c.pid != null || c.restarting));
        };
    }

    static boolean isShutdownOrNormal(ExitReason reason) {
        return reason.isNormal() || reason instanceof ExitReason.Shutdown;
    }

    /**
     * Restarts a child that must be restarted, with the siblings its strategy names: counts the restart against
     * the intensity, stops the siblings, then starts the group now or after the back-off delay ({@code backoff}
     * false: a retry whose delay has passed already).
     */
    private Result<SupervisorServer> restart(Child child, boolean backoff) {
        if (!intensity.add(now())) {
            Reports.gaveUp(describe(), child.spec, flags);
            return stop(ExitReason.shutdown(), this); // terminate stops the other children
        }
        List<Child> group = group(child);
        for (int i = group.size() - 1; i >= 0; i--) {
            Child sibling = group.get(i);
            if (sibling == child) {
                continue;
            }
            cancelRestart(sibling);
            if (sibling.pid != null) {
                shutdown(sibling);
            }
            if (sibling.spec.restart() == Restart.TEMPORARY) {
                children.remove(sibling.key); // OTP: a temporary child is never restarted, also not with siblings
            }
        }
        group.removeIf(c -> !children.containsKey(c.key));
        for (Child member : group) {
            member.restarting = true;
        }
        long delay = backoff ? backoffDelay(child) : 0;
        if (delay == 0) {
            return startGroup(group);
        }
        schedule(child, delay, false);
        return noReply(this);
    }

    /** The children restarted with {@code child}: itself, every child, or itself and the ones after it. */
    private List<Child> group(Child child) {
        List<Child> group = new ArrayList<>();
        switch (flags.strategy()) {
            case ONE_FOR_ONE -> group.add(child);
            case ONE_FOR_ALL -> group.addAll(children.values());
            case REST_FOR_ONE -> {
                boolean after = false;
                for (Child c : children.values()) {
                    after |= c == child;
                    if (after) {
                        group.add(c);
                    }
                }
            }
        }
        return group;
    }

    /**
     * Starts the members of a group that wait for a restart, in order. If one fails to start, the rest keep
     * waiting and that one is tried again (counted against the intensity, as OTP's {@code try_again_restart}).
     */
    private Result<SupervisorServer> startGroup(List<Child> group) {
        for (Child member : group) {
            if (!member.restarting || !children.containsKey(member.key)) {
                continue;
            }
            ExitReason failure = start(member);
            if (failure != null) {
                Reports.child(describe(), Reports.Context.START_ERROR, member.spec, null, failure);
                member.restarting = true;
                schedule(member, backoffDelay(member), true);
                return noReply(this);
            }
        }
        return noReply(this);
    }

    /** The back-off delay before the next restart of {@code child}, in nanoseconds; 0 without a back-off. */
    private long backoffDelay(Child child) {
        if (flags.backoff().isEmpty()) {
            return 0;
        }
        Backoff backoff = flags.backoff().get();
        if (child.startedAt != 0 && now() - child.startedAt >= Intensity.saturated(backoff.resetAfter())) {
            child.failures = 0; // it ran for the stable period: a new run of failures starts
        }
        long delay = backoff.delayNanos(child.failures);
        child.failures = Math.min(child.failures + 1, 1 << 20);
        return delay;
    }

    private void schedule(Child child, long delayNanos, boolean retry) {
        child.token = ++sequence;
        RestartDue due = new RestartDue(child.key, child.token, retry);
        ProcessContext self = context();
        if (delayNanos == 0) {
            self.send(self.self(), due);
        } else {
            child.timer = self.sendAfter(self.self(), Duration.ofNanos(delayNanos), due);
        }
    }

    private void cancelRestart(Child child) {
        if (child.timer != null) {
            context().node().cancelTimer(child.timer);
            child.timer = null;
        }
        child.restarting = false;
        child.token = ++sequence;
    }

    // ------------------------------------------------------------------ shutdown

    @Override
    public void terminate(ExitReason reason, SupervisorServer state) {
        shutdownAll();
    }

    /** Stops every child: in reverse start order, one by one; a dynamic supervisor's all at once. */
    private void shutdownAll() {
        List<Child> all = new ArrayList<>(children.values());
        all.forEach(this::cancelRestart);
        if (dynamic) {
            shutdownTogether(all);
            return;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).pid != null) {
                shutdown(all.get(i));
            }
        }
    }

    /**
     * Stops one child as its spec says and waits until it is gone (OTP's {@code shutdown/2}): monitor it, signal
     * it, wait for its {@code Down} (within its timeout, then kill it), then drop the link and take the {@code Exit}
     * the link delivered, whose reason is the real one even if the child was gone before the monitor.
     */
    private void shutdown(Child child) {
        Pid pid = java.util.Objects.requireNonNull(child.pid);
        byPid.remove(pid);
        child.pid = null;
        ProcessContext self = context();
        MonitorRef ref = self.monitor(pid);
        ExitReason reason = switch (child.spec.shutdown()) {
            case Shutdown.BrutalKill kill -> {
                self.exit(pid, ExitReason.kill());
                yield awaitDown(ref);
            }
            case Shutdown.Timeout timeout -> {
                self.exit(pid, ExitReason.shutdown());
                Optional<Object> down = self.receive(m -> isDown(m, ref), timeout.timeout());
                if (down.isPresent()) {
                    yield ((Down) down.get()).reason();
                }
                self.exit(pid, ExitReason.kill());
                yield awaitDown(ref);
            }
            case Shutdown.Infinity infinity -> {
                self.exit(pid, ExitReason.shutdown());
                yield awaitDown(ref);
            }
        };
        self.unlink(pid);
        Optional<Object> linked =
                self.receive(m -> m instanceof Exit e && e.from().equals(pid), Duration.ZERO);
        if (linked.isPresent()) {
            reason = ((Exit) linked.get()).reason();
        }
        checkShutdown(child, pid, reason);
    }

    /**
     * Stops many children at once (a dynamic supervisor's shutdown, as Elixir's): unlink and monitor each, signal
     * them all, then wait for their {@code Down}s, killing those whose timeout passes first.
     */
    private void shutdownTogether(List<Child> all) {
        ProcessContext self = context();
        HashMap<MonitorRef, Child> pending = new HashMap<>();
        // The earliest deadline first; a child's entry stays after its Down and is skipped then.
        PriorityQueue<Deadline> deadlines = new PriorityQueue<>(Comparator.comparingLong(Deadline::at));
        for (Child child : all) {
            Pid pid = child.pid;
            if (pid == null) {
                continue;
            }
            byPid.remove(pid);
            child.pid = null;
            MonitorRef ref = self.monitor(pid);
            self.unlink(pid); // a Down per child is all this needs: no Exit to sort out of the mailbox
            pending.put(ref, child);
            if (child.spec.shutdown() instanceof Shutdown.Timeout timeout) {
                deadlines.add(new Deadline(saturatedAdd(now(), Intensity.saturated(timeout.timeout())), ref, pid));
            }
            boolean brutal = child.spec.shutdown() instanceof Shutdown.BrutalKill;
            self.exit(pid, brutal ? ExitReason.kill() : ExitReason.shutdown());
        }
        Predicate<Object> isPendingDown = m -> m instanceof Down d && pending.containsKey(d.ref());
        while (!pending.isEmpty()) {
            while (!deadlines.isEmpty() && !pending.containsKey(deadlines.peek().ref())) {
                deadlines.poll(); // that child is gone
            }
            Deadline next = deadlines.peek();
            // A Down already queued is taken without a timer; only an empty wait sets one, up to the next deadline.
            Optional<Object> message = self.receive(isPendingDown, Duration.ZERO);
            if (message.isEmpty()) {
                message = next == null
                        ? Optional.of(self.receive(isPendingDown))
                        : self.receive(isPendingDown, Duration.ofNanos(Math.max(0, next.at() - now())));
            }
            if (message.isPresent()) {
                Down down = (Down) message.get();
                Child child = java.util.Objects.requireNonNull(pending.remove(down.ref()));
                checkShutdown(child, down.pid(), down.reason());
                continue;
            }
            long at = now();
            while (!deadlines.isEmpty() && deadlines.peek().at() - at <= 0) {
                Deadline passed = deadlines.poll();
                if (pending.containsKey(passed.ref())) {
                    self.exit(passed.pid(), ExitReason.kill()); // its Down follows
                }
            }
        }
    }

    /** When a child stopping with the others is killed if it has not gone yet. */
    private record Deadline(long at, MonitorRef ref, Pid pid) {}

    private static long saturatedAdd(long a, long b) {
        long sum = a + b;
        return sum < a ? Long.MAX_VALUE : sum;
    }

    private static boolean isDown(Object message, MonitorRef ref) {
        return message instanceof Down down && down.ref().equals(ref);
    }

    private ExitReason awaitDown(MonitorRef ref) {
        return ((Down) context().receive(m -> isDown(m, ref))).reason();
    }

    /** Reports a shutdown error unless the child exited as asked (or, not being permanent, by itself). */
    private void checkShutdown(Child child, Pid pid, ExitReason reason) {
        boolean expected = child.spec.shutdown() instanceof Shutdown.BrutalKill
                ? reason instanceof ExitReason.Killed
                : reason.equals(ExitReason.shutdown());
        if (!expected && child.spec.restart() != Restart.PERMANENT) {
            expected = isShutdownOrNormal(reason);
        }
        if (!expected && reason instanceof ExitReason.NoProc) {
            expected = true; // gone before the monitor, its Exit already handled: nothing left to report
        }
        if (!expected) {
            Reports.child(describe(), Reports.Context.SHUTDOWN_ERROR, child.spec, pid, reason);
        }
    }

    // ------------------------------------------------------------------ runtime requests

    @Override
    public CallResult<SupervisorServer> handleCall(Request<?> request, From from, SupervisorServer state) {
        return switch (request) {
            case Which which ->
                reply(which, children.values().stream().map(Child::info).toList(), this);
            case Count count -> reply(count, counts(), this);
            case StartChild start -> reply(start, startChild(start.spec()), this);
            case TerminateChild terminate -> reply(terminate, terminateChild(terminate.id()), this);
            case TerminatePid terminate -> reply(terminate, terminatePid(terminate.pid()), this);
            case RestartChild restart -> reply(restart, restartChild(restart.id()), this);
            case DeleteChild delete -> reply(delete, deleteChild(delete.id()), this);
        };
    }

    private ChildCounts counts() {
        int active = 0;
        int supervisors = 0;
        for (Child child : children.values()) {
            active += child.pid != null ? 1 : 0;
            supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
        }
        return new ChildCounts(children.size(), active, supervisors, children.size() - supervisors);
    }

    private Object startChild(ChildSpec spec) {
        String key;
        if (dynamic) {
            if (children.size() >= maxChildren) {
                return failure(
                        SupervisorException.Problem.MAX_CHILDREN,
                        "cannot start child " + spec.id() + ": it has its maximum of " + maxChildren + " children");
            }
            key = spec.id() + "#" + ++sequence;
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
        children.put(key, child);
        ExitReason failure = start(child);
        if (failure != null) {
            children.remove(key);
            Reports.child(describe(), Reports.Context.START_ERROR, spec, null, failure);
            return startFailed(spec, failure);
        }
        return child.pid != null ? StartResult.ok(child.pid) : StartResult.ignore();
    }

    private Failure startFailed(ChildSpec spec, ExitReason reason) {
        return new Failure(
                SupervisorException.Problem.START_FAILED,
                "child " + spec.id() + " failed to start: " + reason,
                Optional.of(reason));
    }

    private Object terminateChild(String id) {
        Child child = children.get(id);
        if (child == null || dynamic) {
            return notFound("child " + id);
        }
        cancelRestart(child);
        if (child.pid != null) {
            shutdown(child);
        }
        if (child.spec.restart() == Restart.TEMPORARY) {
            children.remove(id);
        }
        return Boolean.TRUE;
    }

    private Object terminatePid(Pid pid) {
        Child child = byPid.get(pid);
        if (child == null) {
            return notFound("child " + pid);
        }
        shutdown(child);
        children.remove(child.key);
        return Boolean.TRUE;
    }

    private Object restartChild(String id) {
        Child child = children.get(id);
        if (child == null || dynamic) {
            return notFound("child " + id);
        }
        if (child.pid != null) {
            return running(child);
        }
        cancelRestart(child);
        ExitReason failure = start(child);
        if (failure != null) {
            Reports.child(describe(), Reports.Context.START_ERROR, child.spec, null, failure);
            return startFailed(child.spec, failure);
        }
        return child.pid != null ? StartResult.ok(child.pid) : StartResult.ignore();
    }

    private Object deleteChild(String id) {
        Child child = children.get(id);
        if (child == null || dynamic) {
            return notFound("child " + id);
        }
        if (child.pid != null) {
            return running(child);
        }
        if (child.restarting) {
            return failure(
                    SupervisorException.Problem.RESTARTING, "child " + id + " is restarting; terminate it first");
        }
        children.remove(id);
        return Boolean.TRUE;
    }

    private static Failure running(Child child) {
        return failure(
                SupervisorException.Problem.RUNNING,
                "child " + child.spec.id() + " is running as " + child.pid + "; terminate it first");
    }

    private static Failure notFound(String what) {
        return failure(SupervisorException.Problem.NOT_FOUND, "no " + what);
    }

    private static Failure failure(SupervisorException.Problem problem, String detail) {
        return new Failure(problem, detail, Optional.empty());
    }

    // ------------------------------------------------------------------

    private long now() {
        return context().node().clock().nanoTime();
    }

    private ProcessContext context() {
        return java.util.Objects.requireNonNull(self, "supervisor before init");
    }

    private String describe() {
        Pid pid = self != null ? self.self() : null;
        return (pid != null ? pid.toString() : "(starting)") + (name != null ? " \"" + name + "\"" : "");
    }

    @Override
    public Object formatStatus(SupervisorServer state) {
        return "supervisor " + flags.strategy() + " with " + children.size() + " children";
    }
}
