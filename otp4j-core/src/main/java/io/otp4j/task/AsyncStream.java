package io.otp4j.task;

import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnedMonitor;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Predicate;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.jspecify.annotations.Nullable;

/**
 * The engine of an async stream: pulled by its owner, one result at a time. It keeps at most {@code
 * maxConcurrency} items in flight (started and not yet handed out), takes an item from the source only when
 * there is room, and waits in the owner's mailbox for the replies and Downs of its own tasks, until the
 * earliest deadline. Owner's thread only.
 */
final class AsyncStream<T, R> implements Iterator<TaskResult<R>> {

    /** A running task and when it times out. */
    private record InFlight(TaskHandle handle, long deadline) {}

    private final ProcessContext owner;
    private final Thread ownerThread;
    private final Launcher launcher;
    private final Iterator<? extends T> source;
    private final Runnable closeSource;
    private final TaskFunction<? super T, ? extends R> function;
    private final StreamOptions options;
    private final Clock clock;

    /** The running tasks in start order, which is deadline order: the first times out first. */
    private final LinkedHashMap<TaskCore, InFlight> running = new LinkedHashMap<>();

    private final Map<MonitorRef, TaskCore> byRef = new HashMap<>();
    private final Map<Long, TaskResult<R>> finishedByIndex = new HashMap<>();
    private final ArrayDeque<TaskResult<R>> finishedInOrder = new ArrayDeque<>();
    private final Predicate<Object> mine = this::isMine;
    private long started;
    private long emitted;
    private @Nullable TaskResult<R> next;
    private boolean closed;

    AsyncStream(
            ProcessContext owner,
            Launcher launcher,
            Iterator<? extends T> source,
            Runnable closeSource,
            TaskFunction<? super T, ? extends R> function,
            StreamOptions options) {
        this.owner = Objects.requireNonNull(owner, "owner");
        this.ownerThread = Thread.currentThread();
        this.launcher = launcher;
        this.source = source;
        this.closeSource = closeSource;
        this.function = Objects.requireNonNull(function, "function");
        this.options = Objects.requireNonNull(options, "options");
        this.clock = owner.node().clock();
    }

    /** {@return a lazy stream of the results}; closing it stops the tasks still running */
    Stream<TaskResult<R>> stream() {
        int characteristics = Spliterator.NONNULL | (options.ordered() ? Spliterator.ORDERED : 0);
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this, characteristics), false)
                .onClose(this::close);
    }

    @Override
    public boolean hasNext() {
        checkOwner();
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            next = advance();
        } catch (RuntimeException e) {
            try {
                close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (next == null) {
            close();
            return false;
        }
        return true;
    }

    @Override
    public TaskResult<R> next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the async stream has no more results");
        }
        TaskResult<R> result = Objects.requireNonNull(next);
        next = null;
        return result;
    }

    /** {@return the next result, or null at the end} */
    private @Nullable TaskResult<R> advance() {
        for (; ; ) {
            TaskResult<R> ready = options.ordered() ? finishedByIndex.remove(emitted) : finishedInOrder.poll();
            if (ready != null) {
                emitted++;
                return ready;
            }
            while (started - emitted < options.maxConcurrency() && source.hasNext()) {
                start(source.next());
            }
            if (running.isEmpty()) {
                return null;
            }
            awaitOne();
        }
    }

    private void start(T item) {
        TaskCore core = new TaskCore(owner.self(), this, started);
        SpawnedMonitor spawned = launcher.launch(owner, core, self -> function.apply(item));
        long deadline = options.timeout().map(t -> Task.deadline(clock, t)).orElse(Long.MAX_VALUE);
        running.put(
                core, new InFlight(new TaskHandle(core, spawned.pid(), spawned.ref(), launcher.linked()), deadline));
        byRef.put(spawned.ref(), core);
        started++;
    }

    private boolean isMine(Object message) {
        return message instanceof TaskReply reply
                ? reply.core().group == this
                : message instanceof Down down && byRef.containsKey(down.ref());
    }

    /** Waits for one of the running tasks to reply or exit, or for the earliest deadline. */
    private void awaitOne() {
        InFlight first = running.values().iterator().next();
        Optional<Object> message;
        if (first.deadline() == Long.MAX_VALUE) {
            message = Optional.of(owner.receive(mine));
        } else {
            long left = Math.max(0, first.deadline() - clock.nanoTime());
            message = owner.receive(mine, Duration.ofNanos(left));
        }
        if (message.isEmpty()) {
            timedOut(first);
            return;
        }
        Object m = message.get();
        TaskCore core =
                m instanceof TaskReply reply ? reply.core() : Objects.requireNonNull(byRef.get(((Down) m).ref()));
        InFlight done = forget(core);
        TaskResult<Object> result = done.handle().outcome(owner, m);
        if (launcher.linked() && result instanceof TaskResult.Exited<Object> exited) {
            // A linked task's crash ends a non-trapping owner over the link; one that traps exits gets here.
            close();
            throw new TaskExitedException(done.handle().pid(), exited.reason());
        }
        finished(core, result);
    }

    private void timedOut(InFlight late) {
        Duration timeout = options.timeout().orElseThrow();
        if (options.onTimeout() == StreamOptions.OnTimeout.EXIT) {
            close();
            throw new TaskTimeoutException(
                    late.handle().pid(), timeout, "the async stream was stopped and its running tasks killed");
        }
        forget(late.handle().core());
        TaskReply reply = late.handle().kill(owner);
        finished(
                late.handle().core(),
                reply != null ? new TaskResult.Ok<>(reply.value()) : new TaskResult.TimedOut<>(timeout));
    }

    private InFlight forget(TaskCore core) {
        InFlight gone = Objects.requireNonNull(running.remove(core));
        byRef.remove(gone.handle().ref());
        return gone;
    }

    @SuppressWarnings("unchecked") // the values the tasks' function returned: Rs
    private void finished(TaskCore core, TaskResult<Object> result) {
        TaskResult<R> typed = (TaskResult<R>) (TaskResult<?>) result;
        if (options.ordered()) {
            finishedByIndex.put(core.index, typed);
        } else {
            finishedInOrder.add(typed);
        }
    }

    /** Kills the tasks still running, drops what is buffered, and closes the source. Idempotent. */
    void close() {
        if (closed) {
            return;
        }
        checkOwner();
        closed = true;
        next = null;
        try {
            for (InFlight inFlight : running.values()) {
                inFlight.handle().kill(owner);
            }
        } finally {
            running.clear();
            byRef.clear();
            finishedByIndex.clear();
            finishedInOrder.clear();
            closeSource.run();
        }
    }

    private void checkOwner() {
        if (Thread.currentThread() != ownerThread) {
            throw new IllegalStateException("an async stream of " + owner.self()
                    + " must be pulled and closed on its owner's thread, not on " + Thread.currentThread());
        }
    }
}
