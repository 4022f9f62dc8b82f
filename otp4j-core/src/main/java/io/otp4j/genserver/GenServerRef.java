package io.otp4j.genserver;

import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * A handle on a running server: call it, cast to it, stop it. Immutable and safe to share; works from any
 * thread, inside a process or not.
 *
 * @param <C> the server's calls
 * @param <K> the server's casts
 */
public final class GenServerRef<C extends Call<?>, K> {

    /** The timeout of {@link #call(Call)}: 5 seconds, as in OTP. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    final ServerCore core;
    private final Pid pid;

    GenServerRef(ServerCore core, Pid pid) {
        this.core = core;
        this.pid = pid;
    }

    /**
     * {@return a reference to the server registered as {@code name} on {@code node}, if there is one} The
     * caller asserts the server's request types.
     */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> whereis(Node node, String name) {
        return node.whereis(name).flatMap(GenServerRef::<C, K>of);
    }

    /** {@return a reference to the server with this pid, if it is a live server} */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> of(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return ServerCore.of(pid).map(core -> new GenServerRef<>(core, pid));
    }

    /** {@return the server's pid} */
    public Pid pid() {
        return pid;
    }

    /** {@return the server's node} */
    public Node node() {
        return core.node;
    }

    /** {@return whether the server is alive} */
    public boolean isAlive() {
        return core.node.isAlive(pid);
    }

    /**
     * Calls the server and waits up to {@link #DEFAULT_TIMEOUT} for the reply.
     *
     * @see #call(Call, Duration)
     */
    public <R> R call(Call<R> request) {
        return call(request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls the server and waits up to {@code timeout} for the reply. Everything the server did before
     * replying happens-before this returns.
     *
     * @throws CallTimeoutException if no reply came in time; the server skips the request if it has not
     *     started on it, and a reply that comes later is dropped
     * @throws ServerExitedException at once if the server is not alive or exits before replying
     * @throws CallDroppedException if the server's bounded mailbox dropped the request
     * @throws io.otp4j.process.MailboxFullException if the server's bounded mailbox refused the request
     * @throws IllegalStateException if a server calls itself (it would wait for itself forever)
     */
    public <R> R call(Call<R> request, Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a call's timeout must be positive, was " + timeout);
        }
        return await(send(request), saturatedNanos(timeout), timeout);
    }

    /** Calls the server and waits for the reply as long as it takes (Erlang's {@code infinity}). */
    public <R> R callWithoutTimeout(Call<R> request) {
        return await(send(request), Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE));
    }

    @SuppressWarnings("unchecked") // the request's reply type: R
    private <R> R await(From from, long timeoutNanos, Duration timeout) {
        return (R) from.await(core.node.clock(), timeoutNanos, timeout);
    }

    /**
     * Sends a call without waiting for its reply (Erlang's {@code send_request}). Wait for, or check, the
     * reply through the returned {@link PendingCall}.
     */
    public <R> PendingCall<R> sendRequest(Call<R> request) {
        return new PendingCall<>(send(request), core.node.clock());
    }

    private From send(Call<?> request) {
        Objects.requireNonNull(request, "request");
        if (Thread.currentThread() == core.thread) {
            throw new IllegalStateException(
                    core + " called itself with " + request + ": it would wait for itself forever");
        }
        From from = new From(request, core);
        Delivery delivery = core.node.send(pid, from);
        if (delivery == Delivery.NO_PROCESS) {
            ExitReason reason = core.exitReason;
            from.fail(reason != null ? reason : ExitReason.noproc());
        } else if (delivery == Delivery.DROPPED) {
            throw new CallDroppedException(pid, request);
        } else {
            // The server may have closed its mailbox between our check and our append; its exit reason is
            // recorded before the close, so reading it now catches that case (see ServerCore).
            ExitReason reason = core.exitReason;
            if (reason != null) {
                from.fail(reason);
            }
        }
        return from;
    }

    /** Casts a request: sends it and returns at once. A cast to a server that is not alive is dropped. */
    public void cast(K request) {
        Objects.requireNonNull(request, "request");
        core.node.send(pid, new CastEnvelope(request));
    }

    /** Stops the server with reason {@code normal}, waiting up to 5 seconds; see {@link #stop(ExitReason, Duration)}. */
    public void stop() {
        stop(ExitReason.normal(), DEFAULT_TIMEOUT);
    }

    /**
     * Stops the server: it runs {@link GenServer#terminate} with {@code reason} and exits with it; this returns
     * when the server is gone (Erlang's {@code gen_server:stop/3}).
     *
     * @throws ServerExitedException if the server was not alive, or exited with another reason (its terminate
     *     threw, say)
     * @throws CallTimeoutException if it was not gone within {@code timeout}
     * @throws IllegalStateException if a server stops itself this way (a callback returns a stop instead)
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        if (Thread.currentThread() == core.thread) {
            throw new IllegalStateException(core + " asked to stop itself through its reference: it would wait for"
                    + " itself; return Results.stop(...) from the callback instead");
        }
        SysRequest request = new SysRequest(SysRequest.Kind.STOP, reason);
        From from = new From(request, core);
        if (core.node.send(pid, from) == Delivery.NO_PROCESS) {
            throw new ServerExitedException(pid, request, noproc());
        }
        ExitReason exited;
        try {
            exited = core.awaitExit(saturatedNanos(timeout));
        } catch (TimeoutException e) {
            throw new CallTimeoutException(pid, request, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallInterruptedException(pid, request);
        }
        if (!exited.equals(reason)) {
            // As gen_server:stop/3: a server that exits with another reason (terminate crashed, or a signal came
            // first) makes stop fail with that reason.
            throw new ServerExitedException(pid, request, exited);
        }
    }

    private ExitReason noproc() {
        ExitReason reason = core.exitReason;
        return reason != null ? reason : ExitReason.noproc();
    }

    /** Sends a debugging request and waits for its answer; see {@link Sys}. */
    Object system(SysRequest request, Duration timeout) {
        From from = new From(request, core);
        if (core.node.send(pid, from) == Delivery.NO_PROCESS) {
            from.fail(noproc());
        }
        return from.await(core.node.clock(), saturatedNanos(timeout), timeout);
    }

    static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GenServerRef<?, ?> that && pid.equals(that.pid);
    }

    @Override
    public int hashCode() {
        return pid.hashCode();
    }

    @Override
    public String toString() {
        return "GenServerRef[" + core + "]";
    }
}
