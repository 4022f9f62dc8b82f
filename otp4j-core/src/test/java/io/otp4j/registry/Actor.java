package io.otp4j.registry;

import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * A process a registry test drives: it runs actions on its own thread ({@link #run}: registering is something a
 * process does for itself) and queues every other message it receives for the test to read with a bounded wait.
 */
final class Actor {

    /** How long a test waits for something that should happen: generous for a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(5);

    @FunctionalInterface
    interface Action<T extends @Nullable Object> {
        T run(ProcessContext self) throws Exception;
    }

    private record Call(Action<?> action, CompletableFuture<@Nullable Object> result) {}

    private record Exit(ExitReason reason) {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> received;

    private Actor(Node node, Pid pid, LinkedBlockingQueue<Object> received) {
        this.node = node;
        this.pid = pid;
        this.received = received;
    }

    static Actor spawn(Node node) {
        LinkedBlockingQueue<Object> received = new LinkedBlockingQueue<>();
        Pid pid = node.spawn(self -> {
            while (true) {
                Object message = self.receive();
                if (message instanceof Call call) {
                    try {
                        call.result().complete(call.action().run(self));
                    } catch (Exception e) {
                        call.result().completeExceptionally(e);
                    }
                } else if (message instanceof Exit(ExitReason reason)) {
                    self.exit(reason);
                } else {
                    received.add(message);
                }
            }
        });
        return new Actor(node, pid, received);
    }

    Pid pid() {
        return pid;
    }

    /** Runs {@code action} on the actor's thread; {@return what it returned}, rethrowing what it threw. */
    @SuppressWarnings("unchecked") // the action's own result
    <T extends @Nullable Object> T run(Action<T> action) {
        CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
        if (node.send(pid, new Call(action, result)) == Delivery.NO_PROCESS) {
            throw new AssertionError("actor " + pid + " is not alive");
        }
        try {
            return (T) result.get(WAIT.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("actor " + pid + " did not run the action within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Makes the actor exit with {@code reason} (it runs no more actions). */
    void exit(ExitReason reason) {
        node.send(pid, new Exit(reason));
    }

    /** {@return the next message the actor received, of type {@code type}}; fails after {@link #WAIT} */
    <T> T expect(Class<T> type) {
        try {
            Object message = received.poll(WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (message == null) {
                throw new AssertionError("actor " + pid + " received no message within " + WAIT);
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

    /** Fails if the actor receives anything within {@code duration}. */
    void expectNothing(Duration duration) {
        try {
            Object message = received.poll(duration.toNanos(), TimeUnit.NANOSECONDS);
            if (message != null) {
                throw new AssertionError("actor " + pid + " received " + message);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} until it holds; fails naming {@code what} if it does not within {@link #WAIT}. */
    static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** Waits for the latch; fails if it does not open within {@link #WAIT}. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the latch did not open within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
