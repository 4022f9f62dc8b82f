package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A handle on a running stage: subscribe with it, call it, cast to it, stop it. Immutable and safe to share;
 * works from any thread, inside a process or not. Typed by the stage's calls and casts, as a {@link GenServerRef}
 * is by its server's; code that only subscribes takes a {@code StageRef<?, ?>}.
 *
 * @param <C> the stage's calls
 * @param <K> the stage's casts
 */
public final class StageRef<C extends Call<?>, K> {

    private final GenServerRef<Call<?>, Object> server;

    StageRef(GenServerRef<Call<?>, Object> server) {
        this.server = server;
    }

    /** {@return the stage's pid} */
    public Pid pid() {
        return server.pid();
    }

    /** {@return the stage's node} */
    public Node node() {
        return server.node();
    }

    /** {@return whether the stage is alive} */
    public boolean isAlive() {
        return server.isAlive();
    }

    /**
     * Calls the stage ({@link Stage#handleCall}) and waits up to 5 seconds for the reply; see {@link
     * GenServerRef#call(Call, Duration)} for the failures.
     *
     * @param <R> the reply's type
     * @param request the call
     * @return the stage's reply
     */
    public <R> R call(Call<R> request) {
        Objects.requireNonNull(request, "request");
        return server.call(request);
    }

    /**
     * Calls the stage and waits up to {@code timeout} for the reply.
     *
     * @param <R> the reply's type
     * @param request the call
     * @param timeout how long to wait for the reply; positive
     * @return the stage's reply
     */
    public <R> R call(Call<R> request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(timeout, "timeout");
        return server.call(request, timeout);
    }

    /**
     * Casts a request to the stage ({@link Stage#handleCast}); returns at once.
     *
     * @param request the cast
     */
    public void cast(K request) {
        server.cast(Objects.requireNonNull(request, "request"));
    }

    /** {@return the stage's subscriptions and buffer, read by a call} */
    public StageStatistics statistics() {
        return server.call(new Protocol.StatisticsCall());
    }

    /** Stops the stage with reason {@code normal} and waits up to 5 seconds for it to be gone. */
    public void stop() {
        server.stop();
    }

    /**
     * Stops the stage with {@code reason} and waits up to {@code timeout} for it to be gone.
     *
     * @param reason the stage's exit reason, which {@code terminate} sees
     * @param timeout how long to wait for it to be gone
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        server.stop(reason, timeout);
    }

    GenServerRef<Call<?>, Object> server() {
        return server;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof StageRef<?, ?> that && server.equals(that.server);
    }

    @Override
    public int hashCode() {
        return server.hashCode();
    }

    @Override
    public String toString() {
        return "StageRef[" + server.pid() + "]";
    }
}
