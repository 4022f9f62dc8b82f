package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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
 * A process a test drives from outside: it forwards every message it receives to a queue the test reads
 * with a bounded wait, and runs actions the test hands it ({@link #call}) on its own thread, for the calls
 * that must come from inside a process (link, monitor, trap exits, receive).
 *
 * <p>A probe that traps exits still leaves when its node closes (on {@code Exit(node, shutdown)}), so
 * closing a test's node does not wait out the grace period.
 */
final class Probe {

    /** How long a test waits for something that should happen; long enough for a loaded 2-core machine. */
    static final Duration WAIT = Duration.ofSeconds(5);

    /** Something to run on the probe's thread. */
    @FunctionalInterface
    interface Action<T extends @Nullable Object> {
        T run(ProcessContext self) throws Exception;
    }

    private record Call(Action<?> action, CompletableFuture<@Nullable Object> result) {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> received;

    private Probe(Node node, Pid pid, LinkedBlockingQueue<Object> received) {
        this.node = node;
        this.pid = pid;
        this.received = received;
    }

    static Probe spawn(Node node) {
        return spawn(node, SpawnOptions.defaults());
    }

    static Probe spawn(Node node, SpawnOptions options) {
        LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
        Pid pid = node.spawn(options, self -> {
            while (true) {
                Object message = self.receive();
                if (message instanceof Call call) {
                    try {
                        call.result().complete(call.action().run(self));
                    } catch (ExitSignal exiting) {
                        call.result().completeExceptionally(exiting);
                        throw exiting; // the action ended the probe
                    } catch (Throwable t) {
                        call.result().completeExceptionally(t);
                    }
                } else {
                    queue.add(message);
                    if (message instanceof Exit(Pid from, ExitReason reason)
                            && from.equals(self.node().pid())
                            && self.node().isClosed()) {
                        self.exit(reason); // the node is closing: a trapping probe leaves at once
                    }
                }
            }
        });
        return new Probe(node, pid, queue);
    }

    Pid pid() {
        return pid;
    }

    /**
     * Runs {@code action} on the probe's thread and returns its result; what it throws is rethrown here. It
     * runs after every message that reached the probe before it, so a call is also a barrier.
     */
    @SuppressWarnings({"unchecked", "NullAway"}) // T carries the action's own nullness
    <T extends @Nullable Object> T call(Action<T> action) {
        CompletableFuture<@Nullable Object> result = new CompletableFuture<>();
        Delivery delivery = node.send(pid, new Call(action, result));
        assertThat(delivery).as("the probe %s is alive", pid).isEqualTo(Delivery.ACCEPTED);
        return (T) get(result);
    }

    /** Monitors {@code target} from the probe. */
    MonitorRef monitor(Pid target) {
        return call(self -> self.monitor(target));
    }

    /** {@return the next message the probe received; fails if none comes within {@link #WAIT}} */
    Object next() {
        try {
            Object message = received.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("probe " + pid + " received nothing within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** {@return the next message, which must be a {@code type}} */
    <T> T next(Class<T> type) {
        Object message = next();
        assertThat(message).as("next message of probe %s", pid).isInstanceOf(type);
        return type.cast(message);
    }

    /** {@return the next message, which must be the {@link Down} of {@code ref}} */
    Down nextDown(MonitorRef ref) {
        Down down = next(Down.class);
        assertThat(down.ref()).as("the monitor of %s", down).isEqualTo(ref);
        return down;
    }

    /**
     * {@return the exit reasons in the next {@code refs.length} messages, which must be the Downs of
     * {@code refs} in any order} (Downs from different processes have no order between them)
     */
    Map<MonitorRef, ExitReason> nextDowns(MonitorRef... refs) {
        Map<MonitorRef, ExitReason> reasons = new HashMap<>();
        for (int i = 0; i < refs.length; i++) {
            Down down = next(Down.class);
            assertThat(reasons).as("Downs so far").doesNotContainKey(down.ref());
            reasons.put(down.ref(), down.reason());
        }
        assertThat(reasons).containsOnlyKeys(refs);
        return reasons;
    }

    /** {@return the reason {@code target} exits with: monitors it and waits for the Down} */
    ExitReason awaitExit(Pid target) {
        return nextDown(monitor(target)).reason();
    }

    /**
     * {@return what the probe has received and the test has not read yet}, after every message that
     * reached the probe before this call has been handled
     */
    List<Object> drain() {
        call(self -> null);
        List<Object> rest = new ArrayList<>();
        received.drainTo(rest);
        return rest;
    }

    /** Waits for {@code future}, at most {@link #WAIT}; what it failed with is rethrown as is. */
    static <T extends @Nullable Object> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw new AssertionError(cause);
        } catch (TimeoutException e) {
            throw new AssertionError("nothing came within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code latch} is open, at most {@link #WAIT}. */
    static void await(CountDownLatch latch) {
        try {
            if (!latch.await(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError("a latch was not released within " + WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Waits until {@code condition} holds, checking every millisecond, at most {@link #WAIT}. */
    static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out after " + WAIT + " waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
