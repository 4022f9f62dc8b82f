package io.otp4j.task;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnedMonitor;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/**
 * A process that starts tasks and stops them when it stops (Elixir's {@code Task.Supervisor}). Its tasks are
 * linked to it, not to the processes that asked for them.
 *
 * {@snippet class="io.otp4j.task.DocSnippetsTest" region="supervisor"}
 *
 * <ul>
 *   <li>{@link #asyncNolink}: a task monitored by the caller but not linked to it: its crash does not reach the
 *       caller, whose {@link Task#await} throws {@link TaskExitedException}, and whose {@link Task#yield}
 *       returns {@link TaskResult.Exited}.
 *   <li>{@link #startChild}: a fire-and-forget task, from any thread.
 *   <li>{@link #asyncStreamNolink}: an async stream of unlinked tasks; a crash shows up as {@link
 *       TaskResult.Exited} in the stream instead of failing it.
 *   <li>{@link #children}, {@link #terminateChild}; {@link #stop} and the supervisor's own exit (its parent's
 *       exit, the node closing) stop every task: {@code shutdown}, then {@code kill} after the child shutdown
 *       grace (5 seconds by default, as in Elixir).
 * </ul>
 *
 * <p>Every task is temporary: one that exits, however, is not restarted. A task the supervisor starts for an
 * owner waits, before it runs, until the owner monitors it, so the owner sees its true exit reason however
 * soon it comes; if the owner dies first, the task leaves without running.
 */
public final class TaskSupervisor {

    /** How long a task has to exit after {@code shutdown} before it is killed, by default: 5 seconds. */
    public static final Duration DEFAULT_CHILD_SHUTDOWN = Duration.ofSeconds(5);

    sealed interface Request<R> extends Call<R> {}

    record StartChild(ProcessBody body) implements Request<Pid> {}

    record Children() implements Request<List<Pid>> {}

    record TerminateChild(Pid pid) implements Request<Boolean> {}

    /** The supervisor's process and its live children, in start order; touched by its own thread only. */
    private static final class State {
        final ProcessContext self;
        final Set<Pid> children = new LinkedHashSet<>();

        State(ProcessContext self) {
            this.self = self;
        }
    }

    private static final class Server implements GenServer<State, Request<?>, NoCast> {
        private static final System.Logger LOG = System.getLogger("io.otp4j.task");

        private final Duration childShutdown;

        Server(Duration childShutdown) {
            this.childShutdown = childShutdown;
        }

        @Override
        public Init<State> init(ProcessContext self) {
            self.trapExits(true);
            return Init.ok(new State(self));
        }

        @Override
        public CallResult<State> handleCall(Request<?> request, From from, State state) {
            return switch (request) {
                case StartChild start -> {
                    Pid child = state.self.spawnLink(start.body());
                    state.children.add(child);
                    yield reply(start, child, state);
                }
                case Children children -> reply(children, List.copyOf(state.children), state);
                case TerminateChild terminate -> {
                    boolean known = state.children.contains(terminate.pid());
                    if (known) {
                        shutDown(state, List.of(terminate.pid()));
                    }
                    yield reply(terminate, known, state);
                }
            };
        }

        @Override
        public Result<State> handleInfo(Object message, State state) {
            if (message instanceof Exit exit) {
                state.children.remove(exit.from()); // a task ended; temporary: not restarted
            }
            return noReply(state);
        }

        @Override
        public void terminate(ExitReason reason, State state) {
            shutDown(state, List.copyOf(state.children));
        }

        /**
         * Stops {@code pids}: {@code shutdown} to each, then {@code kill} to those still alive after the grace;
         * returns when all are gone (or, for tasks stuck in code that never blocks, after another grace).
         */
        private void shutDown(State state, Collection<Pid> pids) {
            ProcessContext self = state.self;
            Set<Pid> left = new HashSet<>(pids);
            for (Pid pid : pids) {
                self.exit(pid, ExitReason.shutdown());
            }
            Clock clock = self.node().clock();
            awaitExits(self, left, Task.deadline(clock, childShutdown));
            if (!left.isEmpty()) {
                for (Pid pid : left) {
                    self.exit(pid, ExitReason.kill());
                }
                awaitExits(self, left, Task.deadline(clock, childShutdown));
            }
            if (!left.isEmpty()) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "task supervisor {0}: {1} task(s) ignored kill (busy in code that never blocks): {2}",
                        self.self(),
                        left.size(),
                        left);
            }
            state.children.removeAll(pids);
        }

        private static void awaitExits(ProcessContext self, Set<Pid> left, long deadline) {
            Clock clock = self.node().clock();
            while (!left.isEmpty()) {
                long remaining = deadline - clock.nanoTime();
                Optional<Exit> exit = self.receive(
                                m -> m instanceof Exit e && left.contains(e.from()),
                                Duration.ofNanos(Math.max(0, remaining)))
                        .map(Exit.class::cast);
                if (exit.isEmpty()) {
                    return;
                }
                left.remove(exit.get().from());
            }
        }
    }

    private final GenServerRef<Request<?>, NoCast> server;
    private final Duration childShutdown;
    private final Launcher launcher = new Launcher() {
        @Override
        public SpawnedMonitor launch(ProcessContext owner, TaskCore core, TaskBody<?> function) {
            Pid pid = startChildFor(core, function);
            MonitorRef ref;
            try {
                ref = owner.monitor(pid);
            } catch (RuntimeException e) {
                owner.node().exit(pid, ExitReason.kill()); // a caller that may not monitor gets no task
                throw e;
            }
            owner.send(pid, core); // the go-ahead: the task runs from here
            return new SpawnedMonitor(pid, ref);
        }

        @Override
        public boolean linked() {
            return false;
        }
    };

    private TaskSupervisor(GenServerRef<Request<?>, NoCast> server, Duration childShutdown) {
        this.server = server;
        this.childShutdown = childShutdown;
    }

    /**
     * Starts a task supervisor linked to no one, with the default child shutdown grace.
     *
     * @param node the node to start it on
     * @return the running supervisor
     */
    public static TaskSupervisor start(Node node) {
        Objects.requireNonNull(node, "node");
        return start(node, StartOptions.defaults(), DEFAULT_CHILD_SHUTDOWN);
    }

    /**
     * Starts a task supervisor linked to no one.
     *
     * @param node the node to start it on
     * @param options its name, init timeout and mailbox
     * @param childShutdown how long a task has to exit after {@code shutdown} before it is killed;
     *     {@link Duration#ZERO} kills at once
     * @return the running supervisor
     * @throws IllegalArgumentException if {@code childShutdown} is negative
     */
    public static TaskSupervisor start(Node node, StartOptions options, Duration childShutdown) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        return new TaskSupervisor(GenServer.start(node, new Server(check(childShutdown)), options), childShutdown);
    }

    /**
     * Starts a task supervisor linked to {@code parent}: the parent's exit stops it and its tasks.
     *
     * @param parent the calling process, which the supervisor is linked to
     * @return the running supervisor
     */
    public static TaskSupervisor startLink(ProcessContext parent) {
        Objects.requireNonNull(parent, "parent");
        return startLink(parent, StartOptions.defaults(), DEFAULT_CHILD_SHUTDOWN);
    }

    /**
     * Starts a task supervisor linked to {@code parent}, with options; see {@link #start(Node, StartOptions,
     * Duration)}.
     *
     * @param parent the calling process, which the supervisor is linked to
     * @param options its name, init timeout and mailbox
     * @param childShutdown how long a task has to exit after {@code shutdown} before it is killed;
     *     {@link Duration#ZERO} kills at once
     * @return the running supervisor
     * @throws IllegalArgumentException if {@code childShutdown} is negative
     */
    public static TaskSupervisor startLink(ProcessContext parent, StartOptions options, Duration childShutdown) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(options, "options");
        return new TaskSupervisor(
                GenServer.startLink(parent, new Server(check(childShutdown)), options), childShutdown);
    }

    private static Duration check(Duration childShutdown) {
        Objects.requireNonNull(childShutdown, "childShutdown");
        if (childShutdown.isNegative()) {
            throw new IllegalArgumentException("childShutdown must not be negative, was " + childShutdown);
        }
        return childShutdown;
    }

    /** {@return the supervisor's process} */
    public Pid pid() {
        return server.pid();
    }

    /**
     * Starts a task under this supervisor for {@code caller}, monitored by the caller and not linked to it
     * (Elixir's {@code Task.Supervisor.async_nolink/2}). Call it on the caller's thread; await the task there.
     *
     * @param caller the calling process, which monitors the task and alone may await it
     * @param function computes the task's value, in the task's process; what it throws ends the task, not the
     *     caller
     * @param <R> the task's value
     * @return the task, to await, yield, shut down or ignore
     * @throws IllegalStateException if called from another thread than {@code caller}'s
     * @throws io.otp4j.genserver.ServerExitedException if the supervisor is not alive
     */
    public <R> Task<R> asyncNolink(ProcessContext caller, Callable<? extends R> function) {
        Objects.requireNonNull(function, "function");
        return Task.launch(caller, launcher, self -> function.call());
    }

    /**
     * Like {@link #asyncNolink(ProcessContext, Callable)}, for a function that uses the task's own process.
     *
     * @param caller the calling process, which monitors the task and alone may await it
     * @param function computes the task's value from the task's own process context
     * @param <R> the task's value
     * @return the task, to await, yield, shut down or ignore
     */
    public <R> Task<R> asyncNolink(ProcessContext caller, TaskBody<? extends R> function) {
        return Task.launch(caller, launcher, function);
    }

    /**
     * Starts a fire-and-forget task under this supervisor (Elixir's {@code Task.Supervisor.start_child/2});
     * callable from any thread. Its crash writes a crash report and reaches no one else.
     *
     * @param action the work; its value, if any, goes nowhere
     * @return the task's pid
     */
    public Pid startChild(TaskAction action) {
        Objects.requireNonNull(action, "action");
        return server.call(new StartChild(self -> action.run()));
    }

    /** Starts a child that runs {@code function} for {@code core}'s owner once the owner sends the go-ahead. */
    Pid startChildFor(TaskCore core, TaskBody<?> function) {
        return server.call(new StartChild(core.supervisedBody(function)));
    }

    /** {@return the supervisor's live tasks, in start order} */
    public List<Pid> children() {
        return server.call(new Children());
    }

    /**
     * Stops one of this supervisor's tasks: {@code shutdown}, then {@code kill} after the child shutdown grace;
     * returns once it is gone.
     *
     * @param pid the task to stop
     * @return false if {@code pid} is not (or no longer) one of its tasks
     */
    public boolean terminateChild(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return server.call(new TerminateChild(pid), waitForShutdown());
    }

    /**
     * Runs {@code function} over {@code items} in tasks under this supervisor, monitored by {@code caller} and
     * not linked to it (Elixir's {@code Task.Supervisor.async_stream_nolink/4}). A task that crashes shows up as
     * {@link TaskResult.Exited}; otherwise as {@link Task#asyncStream(ProcessContext, Iterable, TaskFunction,
     * StreamOptions)}.
     *
     * @param items the inputs, one task each; read lazily, as the stream is pulled
     * @param caller the calling process, which pulls the stream and monitors the tasks
     * @param function computes the result for one item, in that item's task
     * @param options how many tasks at once, in which order, how long each may take and what a late one does
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, one per item, a crash as {@link TaskResult.Exited}; close it when stopping early
     */
    public <T, R> Stream<TaskResult<R>> asyncStreamNolink(
            ProcessContext caller,
            Iterable<? extends T> items,
            TaskFunction<? super T, ? extends R> function,
            StreamOptions options) {
        Objects.requireNonNull(items, "items");
        return new AsyncStream<T, R>(caller, launcher, items.iterator(), () -> {}, function, options).stream();
    }

    /**
     * Like {@link #asyncStreamNolink(ProcessContext, Iterable, TaskFunction, StreamOptions)} over a Java stream.
     *
     * @param items the inputs, one task each; pulled lazily, and closed with the result
     * @param caller the calling process, which pulls the stream and monitors the tasks
     * @param function computes the result for one item, in that item's task
     * @param options how many tasks at once, in which order, how long each may take and what a late one does
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, one per item, a crash as {@link TaskResult.Exited}; close it when stopping early
     */
    public <T, R> Stream<TaskResult<R>> asyncStreamNolink(
            ProcessContext caller,
            Stream<? extends T> items,
            TaskFunction<? super T, ? extends R> function,
            StreamOptions options) {
        Objects.requireNonNull(items, "items");
        return new AsyncStream<T, R>(caller, launcher, items.iterator(), items::close, function, options).stream();
    }

    /** Stops the supervisor: its tasks first ({@code shutdown}, then {@code kill}), then itself; waits for both. */
    public void stop() {
        server.stop(ExitReason.normal(), waitForShutdown());
    }

    private Duration waitForShutdown() {
        return childShutdown.multipliedBy(2).plus(GenServerRef.DEFAULT_TIMEOUT);
    }

    @Override
    public String toString() {
        return "TaskSupervisor[" + pid() + "]";
    }
}
