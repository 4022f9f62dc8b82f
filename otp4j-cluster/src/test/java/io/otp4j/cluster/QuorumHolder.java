package io.otp4j.cluster;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * A process of a test that does what it is told, in its own context (a quorum map's changes are made by the
 * process itself), and otherwise waits in a receive, where an exit signal ends it.
 */
final class QuorumHolder {

    private static final Duration IDLE = Duration.ofMinutes(2);
    private static final int MAX_TASKS = 1_000;
    private static final Duration TASK_TIMEOUT = Duration.ofSeconds(30);

    private record Task(Function<ProcessContext, Object> work, CompletableFuture<Object> result) {}

    private final Node node;
    private final Pid pid;

    private QuorumHolder(Node node, Pid pid) {
        this.node = node;
        this.pid = pid;
    }

    /** {@return a new holder process on {@code node}}: it ends after {@value #MAX_TASKS} tasks or idle for 2 min */
    static QuorumHolder spawn(Node node) {
        Pid pid = node.spawn(self -> {
            for (int done = 0; done < MAX_TASKS; done++) {
                Optional<Object> message = self.receive(IDLE);
                if (message.isEmpty()) {
                    return;
                }
                if (message.get() instanceof Task task) {
                    try {
                        task.result().complete(task.work().apply(self));
                    } catch (RuntimeException e) {
                        task.result().completeExceptionally(e);
                    }
                }
            }
        });
        return new QuorumHolder(node, pid);
    }

    Pid pid() {
        return pid;
    }

    /** Registers {@code key} with {@code value} to this process. */
    <K, V> void register(QuorumNames<K, V> names, K key, V value) {
        run(self -> {
            names.register(self, key, value);
            return true;
        });
    }

    <K> boolean unregister(QuorumNames<K, ?> names, K key) {
        return (Boolean) run(self -> names.unregister(self, key));
    }

    /** {@return what {@code work} returns in this process}; what it throws is thrown here */
    Object run(Function<ProcessContext, Object> work) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        node.send(pid, new Task(work, result));
        try {
            return result.get(TASK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException thrown) {
                throw thrown;
            }
            throw new AssertionError(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (TimeoutException e) {
            throw new AssertionError("the holder " + pid + " did not finish its task within " + TASK_TIMEOUT, e);
        }
    }

    boolean isAlive() {
        return node.isAlive(pid);
    }
}
