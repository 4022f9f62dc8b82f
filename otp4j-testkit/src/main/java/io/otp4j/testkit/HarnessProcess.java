package io.otp4j.testkit;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The process a {@link GenServerHarness} runs its server's callbacks in. The test thread hands it one step at a
 * time and waits for the step to finish: the callbacks see a real process (their {@code self} can trap exits,
 * link and monitor, which only a process's own thread may do) while the test stays in lockstep with them. Steps
 * travel on a queue of their own, so the process's mailbox holds only the server's messages.
 */
final class HarnessProcess {

    /** How long the test thread waits for one step; a callback is expected to return long before. */
    static final Duration STEP_LIMIT = Duration.ofSeconds(10);

    private record Step(Function<ProcessContext, @Nullable Object> action, CompletableFuture<@Nullable Object> done) {}

    private final LinkedBlockingQueue<Step> steps = new LinkedBlockingQueue<>();
    private final Node node;
    private final Pid pid;
    private volatile @Nullable ExitReason endWith;

    HarnessProcess(Node node) {
        this.node = node;
        this.pid = node.spawn(self -> {
            for (; ; ) {
                Step step = steps.take();
                try {
                    step.done.complete(step.action.apply(self));
                } catch (RuntimeException e) {
                    step.done.completeExceptionally(e);
                } catch (Error e) {
                    step.done.completeExceptionally(e);
                    throw e; // an ExitSignal ends the process, as it would end the server's
                }
                ExitReason end = endWith;
                if (end != null) {
                    self.exit(end);
                }
            }
        });
    }

    Pid pid() {
        return pid;
    }

    /**
     * Runs {@code action} on the process's thread and returns what it returned; what it threw is thrown here.
     *
     * @throws IllegalStateException if the step did not finish within {@link #STEP_LIMIT} or the process is gone
     */
    @SuppressWarnings("unchecked")
    <T> T run(Function<ProcessContext, T> action) {
        CompletableFuture<@Nullable Object> done = new CompletableFuture<>();
        steps.add(new Step((Function<ProcessContext, @Nullable Object>) action, done));
        try {
            return (T) done.get(STEP_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            Unchecked.rethrow(cause);
            throw new IllegalStateException("the harness's process failed: " + cause, cause);
        } catch (TimeoutException e) {
            throw new IllegalStateException("a callback of the server in " + pid + " did not return within "
                    + STEP_LIMIT + "; is it waiting for a message the harness cannot deliver while it runs?");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the server's callback ran", e);
        } finally {
            if (endWith != null) {
                node.await(pid, STEP_LIMIT); // a step that stopped the server returns once its process is gone
            }
        }
    }

    /**
     * Ends the process with {@code reason} once the step that is running has finished; the test thread waits
     * for the exit, so links and monitors have fired when the step returns.
     */
    void endAfterStep(ExitReason reason) {
        endWith = reason;
    }
}
