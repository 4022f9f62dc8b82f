package io.otp4j.cache;

import com.github.benmanes.caffeine.cache.Scheduler;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Where Caffeine's background work runs: on the cache's process, and on the node's clock.
 *
 * <p>As Caffeine's {@link Executor}, it sends the task to the cache's process as a {@link Maintenance} message,
 * and the process runs it: Caffeine's maintenance (draining its buffers, expiring, evicting) and the removal
 * listener's calls run there, one at a time, off the callers' threads. Caffeine hands over at most one
 * maintenance task at a time and, when its write buffer fills faster than the process drains it, has writers
 * do the work themselves, so the mailbox cannot grow without bound. Before the process exists (never, in
 * practice: writes come after the start) and after it has exited, a task runs on the calling thread.
 *
 * <p>As Caffeine's {@link Scheduler}, it asks the node's clock to prompt the process when the next entry is due
 * to expire, so that expired entries leave without waiting for the next read or write. The clock's action only
 * sends a message, as a clock's actions must not block.
 */
final class ClockScheduler implements Scheduler, Executor {

    /** Runs Caffeine's pending maintenance on the cache's process. */
    record Maintenance(Runnable task) {}

    private final Node node;
    private final Clock clock;
    // Set once, by the starter, after the spawn and before the cache is handed out: Caffeine asks for prompts
    // only after writes, which come later. The volatile makes the pid visible to the clock's timer thread.
    private volatile @Nullable Pid target;
    // Caffeine keeps one prompt pending at a time; the latest is cancelled when the cache closes, so that a
    // closed cache leaves nothing on the clock (and the clock holds no reference to it).
    private volatile @Nullable Prompt latest;
    private volatile boolean closed;

    ClockScheduler(Node node) {
        this.node = node;
        this.clock = node.clock();
    }

    void target(Pid pid) {
        target = pid;
    }

    @Override
    public void execute(Runnable task) {
        Pid pid = target;
        if (pid == null || closed || !node.send(pid, new Maintenance(task)).accepted()) {
            task.run();
        }
    }

    /** Cancels the pending prompt and refuses new ones: the cache has closed. */
    void close() {
        closed = true;
        Prompt prompt = latest;
        if (prompt != null) {
            prompt.cancel(false);
        }
    }

    @Override
    public Future<?> schedule(Executor executor, Runnable command, long delay, TimeUnit unit) {
        Prompt prompt = new Prompt();
        if (closed) {
            prompt.cancel(false);
            return prompt;
        }
        latest = prompt;
        prompt.scheduled(clock.schedule(unit.toNanos(delay), () -> {
            Pid pid = target;
            // complete() loses to an earlier cancel(): a cancelled prompt sends nothing.
            if (pid != null && prompt.complete(null)) {
                node.send(pid, new Maintenance(() -> executor.execute(command)));
            }
        }));
        if (closed) {
            prompt.cancel(false); // closed while scheduling: close() may have cancelled the one before
        }
        return prompt;
    }

    /** A prompt Caffeine may cancel; cancelling it also takes it off the clock. */
    private static final class Prompt extends CompletableFuture<Void> {
        private volatile Clock.@Nullable Scheduled scheduled;

        void scheduled(Clock.Scheduled handle) {
            scheduled = handle;
            if (isCancelled()) {
                handle.cancel(); // cancelled before the handle was known
            }
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            boolean cancelled = super.cancel(mayInterruptIfRunning);
            Clock.Scheduled handle = scheduled;
            if (cancelled && handle != null) {
                handle.cancel();
            }
            return cancelled;
        }
    }
}
