package io.otp4j.micrometer;

import io.otp4j.observe.CallFinished;
import java.util.concurrent.atomic.LongAdder;

/**
 * The calls to one server that ended one way, as {@link Otp4jMetrics}'s {@code otp4j.calls} function timer reads
 * them: every call counted, and the total time estimated from the calls that were timed, each standing for as many
 * calls as one in how many was timed. The estimate only grows, as a function timer's total must.
 */
final class CallStats {

    /** The most one call adds to the total: a bound that keeps an absurd product from wrapping. */
    private static final long MAX_NANOS = Long.MAX_VALUE >> 16;

    private final LongAdder count = new LongAdder();
    private final LongAdder nanos = new LongAdder();

    /** Adds a call that ended. */
    void add(CallFinished call) {
        count.increment();
        if (call.timed()) {
            long n = call.timedOneIn();
            nanos.add(call.nanos() > MAX_NANOS / n ? MAX_NANOS : call.nanos() * n);
        }
    }

    /** {@return the calls counted} */
    long count() {
        return count.sum();
    }

    /** {@return the estimated total time of the calls counted, in nanoseconds} */
    double totalNanos() {
        return nanos.sum();
    }
}
