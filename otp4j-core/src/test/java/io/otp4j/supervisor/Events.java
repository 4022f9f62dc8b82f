package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** What the test workers did, in order: {@code "start a"}, {@code "stop a"}. Every wait is bounded. */
final class Events {

    static final Duration WAIT = Duration.ofSeconds(10);

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>();

    void add(String event) {
        queue.add(event);
    }

    /** {@return the next event}, failing the test if none comes within {@link #WAIT} */
    String next() {
        try {
            String event = queue.poll(WAIT.toNanos(), TimeUnit.NANOSECONDS);
            if (event == null) {
                throw new AssertionError("no event within " + WAIT);
            }
            return event;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asserts that the next events are exactly {@code expected}, in order. */
    void expect(String... expected) {
        List<String> got = new ArrayList<>();
        for (int i = 0; i < expected.length; i++) {
            got.add(next());
        }
        assertThat(got).containsExactly(expected);
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

    /** Asserts that no event is waiting now. */
    void expectNone() {
        assertThat(queue).isEmpty();
    }
}
