package io.otp4j.testkit;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A process that forwards what it receives to a queue the test reads with bounded waits. It never uses a
 * receive timeout, so it schedules nothing on the node's clock and {@link ManualClock#pending()} counts only
 * what the test set up.
 */
final class Inbox {

    static final Duration WAIT = Duration.ofSeconds(5);

    /** Asks the inbox to monitor a process; its Down then comes through the queue. */
    private record Watch(Pid pid) {}

    /** Sent by {@link #drain()}: everything that arrived before it has been forwarded when it comes out. */
    private record Marker() {}

    private final Node node;
    private final Pid pid;
    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();

    Inbox(Node node) {
        this.node = node;
        this.pid = node.spawn(self -> {
            while (true) {
                Object message = self.receive();
                if (message instanceof Watch(Pid target)) {
                    self.monitor(target);
                } else {
                    queue.add(message);
                }
            }
        });
    }

    Pid pid() {
        return pid;
    }

    void watch(Pid target) {
        node.send(pid, new Watch(target));
    }

    /** {@return the next message; fails if none comes within {@link #WAIT}} */
    Object next() {
        try {
            Object message = queue.poll(WAIT.toMillis(), TimeUnit.MILLISECONDS);
            if (message == null) {
                throw new AssertionError("inbox " + pid + " received nothing within " + WAIT);
            }
            return message;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /**
     * {@return every message that reached the inbox before this call and has not been read}. A timer fires
     * on the thread that advances the clock, into the mailbox, before {@code advance} returns; so after an
     * advance this shows exactly what the timers delivered.
     */
    List<Object> drain() {
        node.send(pid, new Marker());
        List<Object> messages = new ArrayList<>();
        for (Object message = next(); !(message instanceof Marker); message = next()) {
            messages.add(message);
        }
        return messages;
    }

    static <T> T get(CompletableFuture<T> future) {
        try {
            return future.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        } catch (TimeoutException e) {
            throw new AssertionError("nothing came within " + WAIT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
