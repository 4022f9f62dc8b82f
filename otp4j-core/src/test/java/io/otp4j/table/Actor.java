package io.otp4j.table;

import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A process the table tests act through: {@link #run} executes a piece of test code on its own thread (so the
 * table sees that process as the caller), and every other message it receives lands in a queue read with a
 * bounded wait. Every wait fails the test after {@link #WAIT} instead of hanging it.
 */
final class Actor {

    static final Duration WAIT = Duration.ofSeconds(5);

    @FunctionalInterface
    interface Action<T extends @Nullable Object> {
        T run(ProcessContext self) throws Exception;
    }

    private record Run(Action<?> action, CompletableFuture<@Nullable Object> result) {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> inbox;

    private Actor(Node node, Pid pid, LinkedBlockingQueue<Object> inbox) {
        this.node = node;
        this.pid = pid;
        this.inbox = inbox;
    }

    static Actor spawn(Node node) {
        LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
        Pid pid = node.spawn(self -> {
            while (true) {
                Object message = self.receive();
                if (message instanceof Run(Action<?> action, CompletableFuture<@Nullable Object> result)) {
                    try {
                        result.complete(action.run(self));
                    } catch (Error e) {
                        result.completeExceptionally(e);
                        throw e; // an exit: the action ended the process
                    } catch (Throwable t) {
                        result.completeExceptionally(t);
                    }
                } else {
                    inbox.add(message);
                }
            }
        });
        return new Actor(node, pid, inbox);
    }

    Pid pid() {
        return pid;
    }

    /** Runs {@code action} as this process and {@return its result}; rethrows what it threw. */
    @SuppressWarnings({"unchecked", "NullAway"}) // T carries the action's own nullness
    <T extends @Nullable Object> T run(Action<T> action) {
        CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
        if (node.send(pid, new Run(action, result)) != Delivery.ACCEPTED) {
            throw new AssertionError("actor " + pid + " is not alive");
        }
        try {
            return (T) result.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("actor " + pid + " did not finish within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return the next message of type {@code type}; fails if another comes first or none within the wait} */
    <T> T next(Class<T> type) {
        try {
            Object message = inbox.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("actor " + pid + " received nothing within " + WAIT);
            }
            if (!type.isInstance(message)) {
                throw new AssertionError("actor " + pid + " expected a " + type.getSimpleName() + ", got " + message);
            }
            return type.cast(message);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** {@return whether the inbox holds no message} */
    boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    /** Kills this process and waits for its {@link Down}, seen by another actor. */
    void kill(Actor watcher) {
        MonitorRef ref = watcher.run(self -> self.monitor(pid));
        node.exit(pid, ExitReason.kill());
        Down down = watcher.next(Down.class);
        if (!down.ref().equals(ref)) {
            throw new AssertionError("a Down of another monitor: " + down);
        }
    }

    /** Waits, with a bound, until {@code condition} holds; fails the test otherwise. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
