package io.otp4j.testing;

import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.jspecify.annotations.Nullable;

/**
 * Bounded waits for the tests of core, and a way to run a piece of a test inside a process (for what only a
 * process can do: link, monitor, trap exits, receive). Every wait fails the test after {@link #WAIT} instead of
 * hanging it.
 */
public final class Within {

    /** How long a test waits for something that should happen: generous for a loaded 2-core machine. */
    public static final Duration WAIT = Duration.ofSeconds(5);

    /** A piece of a test that runs as a process. */
    @FunctionalInterface
    public interface Body<T extends @Nullable Object> {
        T run(ProcessContext self) throws Exception;
    }

    private Within() {}

    /** Spawns a process running {@code body}; {@return its result, completed when the body returns or throws} */
    public static <T extends @Nullable Object> CompletableFuture<T> spawn(Node node, Body<T> body) {
        CompletableFuture<T> result = new CompletableFuture<>();
        node.spawn(self -> {
            try {
                result.complete(body.run(self));
            } catch (Throwable t) {
                result.completeExceptionally(t);
                if (t instanceof Error error) {
                    throw error; // an exit signal: let the process end with it
                }
            }
        });
        return result;
    }

    /** Runs {@code body} in a new process and {@return its result}; rethrows what it threw. */
    public static <T extends @Nullable Object> T inProcess(Node node, Body<T> body) {
        return get(spawn(node, body), WAIT.multipliedBy(4));
    }

    /**
     * Monitors {@code pid} from a new process; returns once the monitor is in place.
     *
     * @return the {@link Down} the monitor delivers (failing if none comes within twice {@link #WAIT})
     */
    public static CompletableFuture<Down> watch(Node node, Pid pid) {
        CountDownLatch monitoring = new CountDownLatch(1);
        CompletableFuture<Down> down = spawn(node, self -> {
            MonitorRef ref = self.monitor(pid);
            monitoring.countDown();
            // Untimed: a timed receive would put a wake-up on the node's clock, which tests with a manual clock
            // count (clock.pending()) to know when the code under test waits. The caller's get() bounds the wait.
            Down d = self.receive(Down.class);
            if (!d.ref().equals(ref)) {
                throw new AssertionError("a Down of another monitor: " + d);
            }
            return d;
        });
        await(monitoring);
        return down;
    }

    /** {@return the future's value within {@link #WAIT}}; rethrows its failure unwrapped */
    public static <T extends @Nullable Object> T get(Future<T> future) {
        return get(future, WAIT);
    }

    private static <T extends @Nullable Object> T get(Future<T> future, Duration wait) {
        try {
            return future.get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error error) {
                throw error;
            }
            throw new AssertionError(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("nothing within " + wait, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits for the latch; fails the test if it does not open within {@link #WAIT}. */
    public static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toNanos(), TimeUnit.NANOSECONDS)) {
                throw new AssertionError("the latch did not open within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Polls {@code condition} until it holds; fails the test naming {@code what} if it does not within WAIT. */
    public static void eventually(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    /** {@return the time since {@code startNanos}, a reading of {@link System#nanoTime()}} */
    public static Duration since(long startNanos) {
        return Duration.ofNanos(System.nanoTime() - startNanos);
    }
}
