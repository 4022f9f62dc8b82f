package io.otp4j.task;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnedMonitor;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * A process that computes one value for the process that started it, its owner (Elixir's {@code Task}).
 *
 * {@snippet class="io.otp4j.task.DocSnippetsTest" region="async"}
 *
 * <p>{@link #async} links the task to its owner and monitors it; the task sends its value to the owner's
 * mailbox and exits. Only the owner may await, yield, shut down or ignore its task (others get an {@link
 * IllegalStateException}), and only once it has its answer does the task count as done: afterwards these methods
 * throw {@link IllegalStateException} too.
 *
 * <ul>
 *   <li>A crash of a linked task reaches its owner over the link: the owner exits with the task's reason
 *       unless it traps exits, in which case it receives an {@link io.otp4j.process.Exit} and {@code await}
 *       throws {@link TaskExitedException}.
 *   <li>{@link #await(Duration)} that times out kills the task (it no longer has anyone to answer), then throws
 *       {@link TaskTimeoutException}; a reply that comes later is dropped. Elixir's {@code Task.await} exits the
 *       caller instead, and the task dies with it over the link; a Java caller may catch the exception and go
 *       on, so the task is stopped explicitly, linked or not.
 *   <li>{@link #yield(Duration)} waits without giving up on the task; {@link #yieldMany} waits for several.
 *   <li>{@link #shutdown(Duration)} stops the task ({@code shutdown}, then {@code kill} after the grace) and
 *       returns its value if it finished meanwhile; {@link #ignore()} lets it run on, unlinked, its value
 *       dropped.
 * </ul>
 *
 * <p>A task's owner is a process: {@code await} receives in the owner's mailbox. Plain code (a {@code main}
 * thread, a request handler) runs its work in a process of its own ({@code node.spawn}) or starts
 * fire-and-forget tasks with {@link #start(Node, TaskAction)}.
 *
 * <p>Timeouts run on the node's {@link Clock}, so tests can drive them with a manual clock. A task's function
 * must not return null (it would crash the task): use {@link Optional} for values that may be absent.
 *
 * @param <R> the task's value
 */
public final class Task<R> {

    /** The timeout of {@link #await()}, {@link #yield()} and {@link #shutdown()}: 5 seconds, as in Elixir. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private final TaskHandle handle;
    private final ProcessContext owner;
    private final Thread ownerThread;

    /** What ended the owner's interest in the task; owner's thread only. */
    private @Nullable String done;

    private Task(TaskHandle handle, ProcessContext owner, Thread ownerThread) {
        this.handle = handle;
        this.owner = owner;
        this.ownerThread = ownerThread;
    }

    /** Starts a task for {@code owner} through {@code launcher}; runs on the owner's thread. */
    static <R> Task<R> launch(ProcessContext owner, Launcher launcher, TaskBody<? extends R> function) {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(function, "function");
        TaskCore core = new TaskCore(owner.self(), null, 0);
        SpawnedMonitor spawned = launcher.launch(owner, core, function);
        return new Task<>(
                new TaskHandle(core, spawned.pid(), spawned.ref(), launcher.linked()), owner, Thread.currentThread());
    }

    // ------------------------------------------------------------------ starting

    /**
     * Starts a task running {@code function}, linked to and monitored by {@code owner} (Elixir's {@code
     * Task.async/1}); both exist before the task runs. Call it on the owner's thread.
     *
     * @param owner the calling process, which the task is linked to and sends its value to
     * @param function computes the task's value, in the task's process; what it throws crashes the task
     * @param <R> the task's value
     * @return the task, to await, yield, shut down or ignore
     * @throws IllegalStateException if called from another thread than {@code owner}'s
     * @throws io.otp4j.process.NodeClosedException if the node is closed
     */
    public static <R> Task<R> async(ProcessContext owner, Callable<? extends R> function) {
        Objects.requireNonNull(function, "function");
        return launch(owner, Launcher.LINKED, self -> function.call());
    }

    /**
     * Like {@link #async(ProcessContext, Callable)}, for a function that uses the task's own process: to trap
     * exits, receive, or start tasks of its own.
     *
     * @param owner the calling process, which the task is linked to and sends its value to
     * @param function computes the task's value from the task's own process context
     * @param <R> the task's value
     * @return the task, to await, yield, shut down or ignore
     */
    public static <R> Task<R> async(ProcessContext owner, TaskBody<? extends R> function) {
        return launch(owner, Launcher.LINKED, function);
    }

    /**
     * Starts a fire-and-forget task linked to no one (Elixir's {@code Task.start/1}); callable from any
     * thread. Its crash writes a crash report and reaches no one. Prefer {@link TaskSupervisor#startChild},
     * whose shutdown stops the task.
     *
     * @param node the node to run the task on
     * @param action the work; its value, if any, goes nowhere
     * @return the task's pid
     */
    public static Pid start(Node node, TaskAction action) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(action, "action");
        return node.spawn(self -> action.run());
    }

    /**
     * Starts a fire-and-forget task linked to {@code parent} (Elixir's {@code Task.start_link/1}): its crash
     * reaches the parent, the parent's abnormal exit stops it.
     *
     * @param parent the calling process, which the task is linked to
     * @param action the work; its value, if any, goes nowhere
     * @return the task's pid
     */
    public static Pid startLink(ProcessContext parent, TaskAction action) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(action, "action");
        return parent.spawnLink(self -> action.run());
    }

    /**
     * Runs {@code function} over {@code items} in tasks linked to {@code owner}, at most {@link
     * StreamOptions#maxConcurrency()} at a time, with the default options (Elixir's {@code Task.async_stream/3}).
     *
     * @param owner the calling process, which pulls the stream and which the tasks are linked to
     * @param items the inputs, one task each; read lazily, as the stream is pulled
     * @param function computes the result for one item, in that item's task
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, in input order; close it when stopping early
     * @see #asyncStream(ProcessContext, Iterable, TaskFunction, StreamOptions)
     */
    public static <T, R> Stream<TaskResult<R>> asyncStream(
            ProcessContext owner, Iterable<? extends T> items, TaskFunction<? super T, ? extends R> function) {
        return asyncStream(owner, items, function, StreamOptions.defaults());
    }

    /**
     * Runs {@code function} over {@code items}, each in a task linked to and monitored by {@code owner}
     * (Elixir's {@code Task.async_stream/3}). Nothing runs until the stream is pulled; then at most {@code
     * options.maxConcurrency()} items are in flight (started and not yet handed to the consumer), and an item
     * is taken from {@code items} only when there is room. The stream gives {@link TaskResult.Ok} for each
     * value, in input order when {@code options.ordered()}, else in completion order.
     *
     * <p>An item past {@code options.timeout()} either fails the stream ({@link StreamOptions.OnTimeout#EXIT}:
     * every running task is killed and the pull throws {@link TaskTimeoutException}) or is killed alone and
     * shows up as {@link TaskResult.TimedOut} ({@link StreamOptions.OnTimeout#KILL_TASK}). A crashing task
     * crashes the owner over its link; an owner that traps exits sees the pull throw {@link
     * TaskExitedException} instead, with every other task killed.
     *
     * <p>Pull the stream on the owner's thread only, and close it (try-with-resources) when stopping early:
     * closing kills the tasks still running and removes their messages. A stream that runs to its end closes
     * itself.
     *
     * @param owner the calling process, which pulls the stream and which the tasks are linked to
     * @param items the inputs, one task each; read lazily, as the stream is pulled
     * @param function computes the result for one item, in that item's task
     * @param options how many tasks at once, in which order, how long each may take and what a late one does
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, one per item; close it when stopping early
     * @throws IllegalStateException (when pulled) from another thread than the owner's
     */
    public static <T, R> Stream<TaskResult<R>> asyncStream(
            ProcessContext owner,
            Iterable<? extends T> items,
            TaskFunction<? super T, ? extends R> function,
            StreamOptions options) {
        Objects.requireNonNull(items, "items");
        return new AsyncStream<T, R>(owner, Launcher.LINKED, items.iterator(), () -> {}, function, options).stream();
    }

    /**
     * Runs {@code function} over the items of a Java stream, pulled lazily; closing the result closes {@code
     * items} too. See {@link #asyncStream(ProcessContext, Iterable, TaskFunction, StreamOptions)}.
     *
     * @param owner the calling process, which pulls the stream and which the tasks are linked to
     * @param items the inputs, one task each; pulled lazily, and closed with the result
     * @param function computes the result for one item, in that item's task
     * @param options how many tasks at once, in which order, how long each may take and what a late one does
     * @param <T> the items' type
     * @param <R> the results' type
     * @return the results, one per item; close it when stopping early
     */
    public static <T, R> Stream<TaskResult<R>> asyncStream(
            ProcessContext owner,
            Stream<? extends T> items,
            TaskFunction<? super T, ? extends R> function,
            StreamOptions options) {
        Objects.requireNonNull(items, "items");
        return new AsyncStream<T, R>(owner, Launcher.LINKED, items.iterator(), items::close, function, options)
                .stream();
    }

    // ------------------------------------------------------------------ the task

    /** {@return the task's process} */
    public Pid pid() {
        return handle.pid();
    }

    /** {@return the process that owns the task and alone may await it} */
    public Pid owner() {
        return handle.core().owner;
    }

    /** {@return the owner's monitor on the task} */
    public MonitorRef ref() {
        return handle.ref();
    }

    /**
     * Waits up to {@link #DEFAULT_TIMEOUT} for the task's value; see {@link #await(Duration)}.
     *
     * @return the value the task's function returned
     */
    public R await() {
        return await(DEFAULT_TIMEOUT);
    }

    /**
     * Waits up to {@code timeout} for the task's value (Elixir's {@code Task.await/2}), on the owner's thread.
     * Everything the task did before returning its value happens-before this returns.
     *
     * @param timeout how long to wait, on the node's clock; {@link Duration#ZERO} only looks, never negative
     * @return the value the task's function returned
     * @throws TaskTimeoutException if no value came in time; the task has been killed, and a value it sends
     *     later is dropped
     * @throws TaskExitedException if the task exited without a value (the crash is the cause)
     * @throws IllegalStateException if called by another than the owner, or for a task already done with
     * @throws IllegalArgumentException if the timeout is negative
     */
    public R await(Duration timeout) {
        check("await", timeout);
        Optional<Object> message = owner.receive(handle::matches, timeout);
        if (message.isEmpty()) {
            done = "killed when an await timed out";
            handle.kill(owner);
            throw new TaskTimeoutException(pid(), timeout, "the task was killed");
        }
        done = "awaited";
        return valueOf(handle.outcome(owner, message.get()));
    }

    private R valueOf(TaskResult<Object> result) {
        if (result instanceof TaskResult.Ok<Object> ok) {
            @SuppressWarnings("unchecked") // the value the task's function returned: an R
            R value = (R) ok.value();
            return value;
        }
        throw new TaskExitedException(pid(), ((TaskResult.Exited<Object>) result).reason());
    }

    /**
     * Waits up to {@link #DEFAULT_TIMEOUT} for the task; see {@link #yield(Duration)}.
     *
     * @return the task's value or exit reason, or empty if it is still running
     */
    public Optional<TaskResult<R>> yield() {
        return this.yield(DEFAULT_TIMEOUT);
    }

    /**
     * Waits up to {@code timeout} (zero: only looks) for the task to finish, without giving up on it (Elixir's
     * {@code Task.yield/2}); on the owner's thread.
     *
     * @param timeout how long to wait, on the node's clock; {@link Duration#ZERO} only looks, never negative
     * @return the task's value or exit reason, or empty if it is still running: it goes on, and the owner may
     *     yield or await again
     * @throws IllegalStateException if called by another than the owner, or for a task already done with
     */
    public Optional<TaskResult<R>> yield(Duration timeout) {
        check("yield", timeout);
        Optional<Object> message = owner.receive(handle::matches, timeout);
        if (message.isEmpty()) {
            return Optional.empty();
        }
        done = "yielded its result";
        return Optional.of(cast(handle.outcome(owner, message.get())));
    }

    /**
     * Waits up to {@code timeout} in all for several tasks of one owner (Elixir's {@code Task.yield_many/2}),
     * on the owner's thread.
     *
     * @param tasks the tasks to wait for, all of the calling process, none twice; may be empty
     * @param timeout how long to wait for all of them together, on the node's clock; {@link Duration#ZERO} only
     *     looks, never negative
     * @param <R> the tasks' value
     * @return for each task, in the order given: its value or exit reason, or empty if it is still running (it
     *     goes on and can be yielded, awaited or shut down later)
     * @throws IllegalArgumentException if a task is listed twice or the timeout is negative
     * @throws IllegalStateException if a task is not the calling process's, or already done with
     */
    public static <R> List<Optional<TaskResult<R>>> yieldMany(List<Task<R>> tasks, Duration timeout) {
        Objects.requireNonNull(tasks, "tasks");
        Map<TaskCore, Integer> byCore = new IdentityHashMap<>();
        Map<MonitorRef, Integer> byRef = new HashMap<>();
        for (int i = 0; i < tasks.size(); i++) {
            Task<R> task = Objects.requireNonNull(tasks.get(i), "tasks must not contain null");
            task.check("yieldMany", timeout);
            if (byCore.put(task.handle.core(), i) != null) {
                throw new IllegalArgumentException("task " + task.pid() + " is listed twice in yieldMany");
            }
            byRef.put(task.ref(), i);
        }
        List<Optional<TaskResult<R>>> results = new ArrayList<>(Collections.nCopies(tasks.size(), Optional.empty()));
        if (tasks.isEmpty()) {
            return results;
        }
        ProcessContext owner = tasks.get(0).owner;
        Clock clock = owner.node().clock();
        long deadline = deadline(clock, timeout);
        int pending = tasks.size();
        while (pending > 0) {
            long left = Math.max(0, deadline - clock.nanoTime());
            Optional<Object> message = owner.receive(
                    m -> m instanceof TaskReply reply
                            ? byCore.containsKey(reply.core())
                            : m instanceof Down down && byRef.containsKey(down.ref()),
                    Duration.ofNanos(left));
            if (message.isEmpty()) {
                break;
            }
            Object m = message.get();
            int index = Objects.requireNonNull(
                    m instanceof TaskReply reply ? byCore.get(reply.core()) : byRef.get(((Down) m).ref()));
            Task<R> task = tasks.get(index);
            byCore.remove(task.handle.core()); // a task answers once: a reply flushes its Down
            byRef.remove(task.ref());
            task.done = "yielded its result";
            results.set(index, Optional.of(task.cast(task.handle.outcome(owner, m))));
            pending--;
        }
        return results;
    }

    /**
     * Shuts the task down with a grace of {@link #DEFAULT_TIMEOUT}; see {@link #shutdown(Duration)}.
     *
     * @return the task's value if it finished before it could be stopped, its exit reason if it crashed, or empty
     */
    public Optional<TaskResult<R>> shutdown() {
        return shutdown(DEFAULT_TIMEOUT);
    }

    /**
     * Unlinks and stops the task (Elixir's {@code Task.shutdown/2}): sends it {@code shutdown}, and kills it if
     * it has not exited within {@code grace}; waits until it is gone. On the owner's thread.
     *
     * @param grace how long the task has to stop after {@code shutdown} before it is killed, on the node's clock;
     *     {@link Duration#ZERO} kills it at once, never negative
     * @return the task's value if it finished before it could be stopped, its exit reason if it exited on its
     *     own with another reason (a crash), or empty if it was stopped
     * @throws IllegalStateException if called by another than the owner, or for a task already done with
     */
    public Optional<TaskResult<R>> shutdown(Duration grace) {
        check("shutdown", grace);
        return stop(grace);
    }

    /**
     * Like {@link #shutdown(Duration)}, but kills the task at once (Elixir's {@code :brutal_kill}).
     *
     * @return the task's value or exit reason if it had finished before it was killed, else empty
     */
    public Optional<TaskResult<R>> shutdownBrutal() {
        check("shutdownBrutal", Duration.ZERO);
        return stop(null);
    }

    private Optional<TaskResult<R>> stop(@Nullable Duration grace) {
        done = "shut down";
        if (handle.linked()) {
            owner.unlink(pid());
        }
        owner.exit(pid(), grace == null ? ExitReason.kill() : ExitReason.shutdown());
        Optional<Object> message =
                grace == null ? Optional.of(owner.receive(handle::matches)) : owner.receive(handle::matches, grace);
        if (message.isEmpty()) {
            owner.exit(pid(), ExitReason.kill());
            message = Optional.of(owner.receive(handle::matches));
        }
        TaskResult<R> result = cast(handle.outcome(owner, message.get()));
        if (result instanceof TaskResult.Exited<R> exited
                && (exited.reason().equals(ExitReason.shutdown()) || exited.reason() == ExitReason.killed())) {
            return Optional.empty();
        }
        return Optional.of(result);
    }

    /**
     * Lets the task run on without its owner (Elixir's {@code Task.ignore/1}): unlinks it, removes the monitor,
     * and drops the value it would send. On the owner's thread.
     *
     * @return the task's value or exit reason if it had already finished, else empty
     * @throws IllegalStateException if called by another than the owner, or for a task already done with
     */
    public Optional<TaskResult<R>> ignore() {
        check("ignore", Duration.ZERO);
        done = "ignored";
        if (handle.linked()) {
            owner.unlink(pid());
        }
        Optional<Object> message = owner.receive(handle::matches, Duration.ZERO);
        if (message.isEmpty() && !handle.core().cancel()) {
            message = Optional.of(owner.receive(handle::matches)); // its value is on its way: take it
        }
        if (message.isEmpty()) {
            owner.demonitor(ref(), true);
            return Optional.empty();
        }
        TaskResult<R> result = cast(handle.outcome(owner, message.get()));
        owner.demonitor(ref(), true);
        return Optional.of(result);
    }

    @SuppressWarnings("unchecked") // the value the task's function returned: an R
    private TaskResult<R> cast(TaskResult<Object> result) {
        return (TaskResult<R>) (TaskResult<?>) result;
    }

    private void check(String what, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative()) {
            throw new IllegalArgumentException(what + "'s timeout must not be negative, was " + timeout);
        }
        if (Thread.currentThread() != ownerThread) {
            throw new IllegalStateException("task " + pid() + " belongs to " + owner() + ": only its owner may " + what
                    + " it, not " + Thread.currentThread());
        }
        String why = done;
        if (why != null) {
            throw new IllegalStateException("task " + pid() + " was already " + why + "; it cannot " + what);
        }
    }

    static long deadline(Clock clock, Duration timeout) {
        return Deadline.after(clock, Deadline.saturatedNanos(timeout));
    }

    @Override
    public String toString() {
        return "Task[" + pid() + " of " + owner() + (done == null ? "" : ", " + done) + "]";
    }
}
