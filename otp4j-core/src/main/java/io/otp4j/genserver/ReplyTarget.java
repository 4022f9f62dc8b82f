package io.otp4j.genserver;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Where the answer to a call goes when no thread waits for it: a process's mailbox ({@link RequestId}) or a stage
 * ({@link GenServerRef#callAsync}). The call's {@link From} decides the outcome once and hands it here: exactly one
 * of {@link #answered}, {@link #failed} and {@link #timedOut} is called, once, and none after the call was given up
 * some other way (cancelled).
 */
abstract class ReplyTarget {

    /** The call's envelope; written once, before the request is sent. */
    private @Nullable From from;

    /** Ties this target to its call's envelope, before the envelope is sent. */
    final void bind(From envelope) {
        this.from = envelope;
    }

    /** {@return the call's envelope} */
    final From envelope() {
        return Objects.requireNonNull(from, "a call's answer is bound to its envelope before the call is sent");
    }

    /**
     * The server replied {@code reply}. Called on the thread that replied: it must not run the caller's code there.
     *
     * @param reply the reply; not null
     */
    abstract void answered(Object reply);

    /**
     * The call failed: {@code error} is what a {@link GenServerRef#call} would have thrown.
     *
     * @param error the failure
     */
    abstract void failed(CallException error);

    /** The call's deadline passed before an answer came; the call is given up. */
    abstract void timedOut();

    /** {@return who made the call, for crash reports} */
    abstract Object caller();
}
