package io.otp4j.task;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * How an async stream runs ({@link Task#asyncStream}, {@link TaskSupervisor#asyncStreamNolink}): Elixir's
 * {@code Task.async_stream} options. Immutable; each {@code with…} returns a copy.
 *
 * @param maxConcurrency how many items may be in flight at once: started and not yet handed to the consumer
 *     (Elixir's {@code :max_concurrency}); at least 1
 * @param ordered whether results come in input order (else in completion order)
 * @param timeout how long each item's task may run, from its start, on the node's clock; empty for no limit
 * @param onTimeout what an item past its timeout does
 */
public record StreamOptions(int maxConcurrency, boolean ordered, Optional<Duration> timeout, OnTimeout onTimeout) {

    /** What an item that runs past its timeout does (Elixir's {@code :on_timeout}). */
    public enum OnTimeout {
        /** Fail the stream: kill every running task and throw {@link TaskTimeoutException} from the pull. */
        EXIT,
        /** Kill the item's task and emit {@link TaskResult.TimedOut} in its place; the stream goes on. */
        KILL_TASK
    }

    /** The per-item timeout by default: 5 seconds, as in Elixir. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public StreamOptions {
        if (maxConcurrency < 1) {
            throw new IllegalArgumentException("maxConcurrency must be at least 1, was " + maxConcurrency);
        }
        Objects.requireNonNull(timeout, "timeout");
        Objects.requireNonNull(onTimeout, "onTimeout");
        timeout.ifPresent(t -> {
            if (t.isNegative() || t.isZero()) {
                throw new IllegalArgumentException("an async stream's timeout must be positive, was " + t);
            }
        });
    }

    /**
     * {@return as many items in flight as the machine has processors, ordered, 5 seconds per item, a timeout
     * failing the stream} (Elixir's defaults)
     */
    public static StreamOptions defaults() {
        return new StreamOptions(
                Runtime.getRuntime().availableProcessors(), true, Optional.of(DEFAULT_TIMEOUT), OnTimeout.EXIT);
    }

    /**
     * {@return a copy with another bound on the items in flight}
     *
     * @param maxConcurrency the most items started and not yet handed to the consumer, at least 1
     */
    public StreamOptions withMaxConcurrency(int maxConcurrency) {
        return new StreamOptions(maxConcurrency, ordered, timeout, onTimeout);
    }

    /**
     * {@return a copy whose results come in input order ({@code true}) or completion order}
     *
     * @param ordered {@code true} for input order (a slow item holds back those after it), {@code false} for
     *     completion order
     */
    public StreamOptions withOrdered(boolean ordered) {
        return new StreamOptions(maxConcurrency, ordered, timeout, onTimeout);
    }

    /**
     * {@return a copy with another per-item timeout}
     *
     * @param timeout how long one item's task may run, from its start, on the node's clock; positive
     */
    public StreamOptions withTimeout(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        return new StreamOptions(maxConcurrency, ordered, Optional.of(timeout), onTimeout);
    }

    /** {@return a copy whose items may run as long as they take (Elixir's {@code :infinity})} */
    public StreamOptions withoutTimeout() {
        return new StreamOptions(maxConcurrency, ordered, Optional.empty(), onTimeout);
    }

    /**
     * {@return a copy with another choice of what a timeout does}
     *
     * @param onTimeout {@link OnTimeout#EXIT} to fail the stream, {@link OnTimeout#KILL_TASK} to kill just the
     *     late item
     */
    public StreamOptions withOnTimeout(OnTimeout onTimeout) {
        Objects.requireNonNull(onTimeout, "onTimeout");
        return new StreamOptions(maxConcurrency, ordered, timeout, onTimeout);
    }
}
