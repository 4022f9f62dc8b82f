package io.otp4j.testkit;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A call made through {@link GenServerHarness#callDeferred}: the server may have replied at once, or kept the
 * call's {@link io.otp4j.genserver.From From} to reply later (after a timer, a message, another call). Read it
 * after the steps that should have answered it. Thread-safe.
 *
 * @param <R> the reply's type
 */
public final class PendingReply<R> {

    private final Call<R> request;
    private @Nullable Object value;
    private @Nullable ExitReason failure;

    PendingReply(Call<R> request) {
        this.request = Objects.requireNonNull(request, "request");
    }

    /** {@return the request} */
    public Call<R> request() {
        return request;
    }

    /** {@return the reply, if the server has replied} */
    @SuppressWarnings("unchecked")
    public synchronized Optional<R> reply() {
        return Optional.ofNullable((R) value);
    }

    /**
     * {@return the reply}
     *
     * @throws AssertionError if the server has not replied (saying whether it stopped, and why)
     */
    public R expectReply() {
        Optional<R> reply = reply();
        if (reply.isPresent()) {
            return reply.get();
        }
        ExitReason why = failure();
        throw new AssertionError("expected a reply to " + request + ", but "
                + (why != null ? "the server stopped with " + why + " without replying" : "none came yet"));
    }

    /** {@return whether the server has replied} */
    public synchronized boolean isReplied() {
        return value != null;
    }

    /** {@return why the server stopped without replying, or null while it may still reply} */
    public synchronized @Nullable ExitReason failure() {
        return failure;
    }

    synchronized void replied(Object reply) {
        value = reply;
    }

    synchronized void failed(ExitReason reason) {
        if (value == null) {
            failure = reason;
        }
    }

    @Override
    public synchronized String toString() {
        return "PendingReply[" + request
                + (value != null ? " -> " + value : failure != null ? " failed " + failure : "") + "]";
    }
}
