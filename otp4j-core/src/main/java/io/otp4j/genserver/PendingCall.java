package io.otp4j.genserver;

import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A call sent with {@link GenServerRef#sendRequest} whose reply has not been taken yet (Erlang's request id).
 * Wait for it, check it, or wait for several.
 *
 * @param <R> the reply's type
 */
public final class PendingCall<R> {

    private final From from;
    private final Clock clock;

    PendingCall(From from, Clock clock) {
        this.from = from;
        this.clock = clock;
    }

    /**
     * Waits up to {@code timeout} for the reply (Erlang's {@code wait_response}). On timeout the call is given
     * up: the server skips it if it has not started on it.
     *
     * @param timeout how long to wait; positive ({@link #check()} looks without waiting)
     * @return the server's reply
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws CallTimeoutException if no reply came in time
     * @throws ServerExitedException if the server exited before replying
     */
    @SuppressWarnings("unchecked") // the request's reply type: R
    public R await(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a wait's timeout must be positive, was " + timeout + "; use check()");
        }
        return (R) from.await(clock, Deadline.saturatedNanos(timeout), timeout);
    }

    /**
     * {@return the reply if it has come, without waiting (Erlang's {@code check_response})}
     *
     * @throws ServerExitedException if the server exited before replying
     */
    @SuppressWarnings("unchecked") // the request's reply type: R
    public Optional<R> check() {
        return Optional.ofNullable((R) from.poll());
    }

    /**
     * Gives up on the reply; the server skips the request if it has not started on it. A later {@link #await}
     * throws {@link CallTimeoutException} at once, unless the reply had already come.
     */
    public void cancel() {
        from.abandon();
    }

    /** {@return the request} */
    public Object request() {
        return from.request;
    }

    /**
     * Waits for every call's reply, all within one {@code timeout}, and returns them in the calls' order.
     *
     * @param <R> the calls' reply type
     * @param calls the calls to wait for, to one server or several; an empty list returns an empty list
     * @param timeout how long to wait for all of them together, not for each; positive
     * @return the replies, one for each call, in the order of {@code calls}
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws CallTimeoutException if a reply did not come in time; the calls still pending are given up
     * @throws ServerExitedException if a server exited before replying; the calls still pending are given up
     */
    public static <R> List<R> awaitAll(List<PendingCall<R>> calls, Duration timeout) {
        Objects.requireNonNull(calls, "calls");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a wait's timeout must be positive, was " + timeout);
        }
        long nanos = Deadline.saturatedNanos(timeout);
        long[] until = new long[calls.size()];
        for (int i = 0; i < until.length; i++) {
            until[i] = Deadline.after(calls.get(i).clock, nanos); // one deadline for all, on each call's clock
        }
        List<R> replies = new ArrayList<>(calls.size());
        try {
            for (int i = 0; i < until.length; i++) {
                PendingCall<R> call = calls.get(i);
                @SuppressWarnings("unchecked") // the request's reply type: R
                R reply = (R) call.from.awaitUntil(call.clock, until[i], timeout);
                replies.add(reply);
            }
        } catch (CallException e) {
            calls.forEach(PendingCall::cancel);
            throw e;
        }
        return replies;
    }

    @Override
    public String toString() {
        return "PendingCall[" + from.request + "]";
    }
}
