package io.otp4j.examples;

import java.time.Duration;
import java.util.Arrays;

/** Latency samples of one kind of request, and the requests that failed; thread-safe. */
final class Latencies {

    private long[] nanos = new long[64];
    private int count;
    private long failures;

    /** Records one answered request. */
    synchronized void record(long elapsedNanos) {
        if (count == nanos.length) {
            nanos = Arrays.copyOf(nanos, count * 2);
        }
        nanos[count++] = elapsedNanos;
    }

    /** Records one request that failed (timed out). */
    synchronized void fail() {
        failures++;
    }

    /** {@return the answered requests} */
    synchronized int count() {
        return count;
    }

    /** {@return the failed requests} */
    synchronized long failures() {
        return failures;
    }

    /** {@return the latency at {@code fraction} (0.5 for the median, 1 for the maximum); zero with no samples} */
    synchronized Duration percentile(double fraction) {
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new IllegalArgumentException("fraction must be between 0 and 1, was " + fraction);
        }
        if (count == 0) {
            return Duration.ZERO;
        }
        long[] sorted = Arrays.copyOf(nanos, count);
        Arrays.sort(sorted);
        int index = (int) Math.min(count - 1, Math.ceil(fraction * count) - 1);
        return Duration.ofNanos(sorted[Math.max(0, index)]);
    }
}
