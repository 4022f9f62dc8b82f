package io.otp4j.testing;

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
import org.jspecify.annotations.Nullable;

/**
 * A process a test acts through: {@link #run} executes a piece of test code on the process's own thread, so that
 * what it calls sees that process as the caller (registering a key, writing a protected table), and every other
 * message it receives lands in a queue the test reads with a bounded wait. Every wait fails the test after {@link
 * Within#WAIT} instead of hanging it.
 */
public final class Actor {

    /** A piece of test code run as the actor. */
    @FunctionalInterface
    public interface Action<T extends @Nullable Object> {
        T run(ProcessContext self) throws Exception;
    }

    private record Run(Action<?> action, CompletableFuture<@Nullable Object> result) {}

    private record Exit(ExitReason reason) {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> inbox;

    private Actor(Node node, Pid pid, LinkedBlockingQueue<Object> inbox) {
        this.node = node;
        this.pid = pid;
        this.inbox = inbox;
    }

    /** Starts an actor on {@code node}. */
    public static Actor spawn(Node node) {
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
                } else if (message instanceof Exit(ExitReason reason)) {
                    self.exit(reason);
                } else {
                    inbox.add(message);
                }
            }
        });
        return new Actor(node, pid, inbox);
    }

    /** {@return the actor's pid} */
    public Pid pid() {
        return pid;
    }

    /** Runs {@code action} as this process and {@return its result}; rethrows what it threw. */
    @SuppressWarnings({"unchecked", "NullAway"}) // T carries the action's own nullness
    public <T extends @Nullable Object> T run(Action<T> action) {
        CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
        if (!node.send(pid, new Run(action, result)).accepted()) {
            throw new AssertionError("actor " + pid + " is not alive");
        }
        try {
            return (T) result.get(Within.WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("actor " + pid + " did not run the action within " + Within.WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes the actor exit with {@code reason} (it runs no more actions). */
    public void exit(ExitReason reason) {
        node.send(pid, new Exit(reason));
    }

    /** Kills this process and waits for its {@link Down}, seen by {@code watcher}. */
    public void kill(Actor watcher) {
        MonitorRef ref = watcher.run(self -> self.monitor(pid));
        node.exit(pid, ExitReason.kill());
        Down down = watcher.expect(Down.class);
        if (!down.ref().equals(ref)) {
            throw new AssertionError("a Down of another monitor: " + down);
        }
    }

    /** {@return the next message the actor received, which must be a {@code type}}; fails after the wait */
    public <T> T expect(Class<T> type) {
        Object message = poll(Within.WAIT);
        if (message == null) {
            throw new AssertionError("actor " + pid + " received nothing within " + Within.WAIT);
        }
        if (!type.isInstance(message)) {
            throw new AssertionError(
                    "actor " + pid + " expected a " + type.getSimpleName() + " but received " + message);
        }
        return type.cast(message);
    }

    /** Fails if the actor receives anything within {@code duration}. */
    public void expectNothing(Duration duration) {
        Object message = poll(duration);
        if (message != null) {
            throw new AssertionError("actor " + pid + " received " + message);
        }
    }

    /** {@return whether the inbox holds no message} */
    public boolean inboxEmpty() {
        return inbox.isEmpty();
    }

    private @Nullable Object poll(Duration wait) {
        try {
            return inbox.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
