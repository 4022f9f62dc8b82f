package io.otp4j.genserver;

import java.time.Duration;
import java.util.Objects;
import java.util.function.BiFunction;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * Debugging a running server, in the spirit of Erlang's {@code sys}: read or replace its state, suspend and
 * resume it, read its statistics, trace it. These requests are handled even while the server is suspended;
 * every other message waits in its mailbox until it is resumed.
 */
public final class Sys {

    private static final Duration TIMEOUT = GenServerRef.DEFAULT_TIMEOUT;

    private Sys() {}

    /**
     * {@return the server's state, as its {@link GenServer#formatStatus} shows it}
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     */
    public static Object getState(GenServerRef<?, ?> server) {
        return request(server, SysRequest.Kind.GET_STATE, null);
    }

    /**
     * Replaces the server's state with {@code change} applied to it, on the server's own thread, between two
     * messages.
     *
     * @param <S> the server's state
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     * @param change makes the new state from the current one; it must not return null
     * @return the new state, as {@link GenServer#formatStatus} shows it
     */
    public static <S> Object replaceState(GenServerRef<?, ?> server, UnaryOperator<S> change) {
        Objects.requireNonNull(change, "change");
        return request(server, SysRequest.Kind.REPLACE_STATE, change);
    }

    /**
     * Replaces the server's state with {@code change} applied to the server itself (the {@link GenServer} it runs)
     * and its state, on the server's own thread, between two messages: for a change that depends on what the
     * server is, such as an interface its class implements (the cluster's hand-over of a server's state).
     *
     * @param <S> the server's state
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     * @param change makes the new state from the server's callbacks and its current state
     * @return the new state, as {@link GenServer#formatStatus} shows it
     */
    public static <S> Object replaceServerState(
            GenServerRef<?, ?> server, BiFunction<? super GenServer<S, ?, ?>, S, S> change) {
        Objects.requireNonNull(change, "change");
        return request(server, SysRequest.Kind.REPLACE_SERVER_STATE, change);
    }

    /**
     * Suspends the server: it handles only debugging requests until {@link #resume}; messages queue.
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     */
    public static void suspend(GenServerRef<?, ?> server) {
        request(server, SysRequest.Kind.SUSPEND, null);
    }

    /**
     * Resumes a suspended server.
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     */
    public static void resume(GenServerRef<?, ?> server) {
        request(server, SysRequest.Kind.RESUME, null);
    }

    /**
     * Turns the counting of handled messages on (from zero) or off ({@code sys:statistics(Name, true | false)}).
     * Off by default, so that servers do not pay for counters no one reads.
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     * @param collect true to count from zero, false to stop counting
     */
    public static void statistics(GenServerRef<?, ?> server, boolean collect) {
        request(server, SysRequest.Kind.COLLECT_STATISTICS, collect);
    }

    /**
     * {@return the server's counters} (message counts only while collection is on; see {@link Statistics})
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     */
    public static Statistics statistics(GenServerRef<?, ?> server) {
        return (Statistics) request(server, SysRequest.Kind.STATISTICS, null);
    }

    /**
     * Reports every message the server handles, and what it did, to {@code tracer}, on the server's thread;
     * {@link #untrace} stops it.
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     * @param tracer receives each event; it runs on the server's thread, so it must be quick and not call the
     *     server
     */
    public static void trace(GenServerRef<?, ?> server, Consumer<TraceEvent> tracer) {
        Objects.requireNonNull(tracer, "tracer");
        request(server, SysRequest.Kind.TRACE, tracer);
    }

    /**
     * Stops tracing the server.
     *
     * @param server the server; each request waits up to 5 seconds for it, as a call does
     */
    public static void untrace(GenServerRef<?, ?> server) {
        request(server, SysRequest.Kind.TRACE, null);
    }

    private static Object request(GenServerRef<?, ?> server, SysRequest.Kind kind, @Nullable Object argument) {
        Objects.requireNonNull(server, "server");
        return server.system(new SysRequest(kind, argument), TIMEOUT);
    }
}
