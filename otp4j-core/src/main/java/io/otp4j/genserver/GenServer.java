package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;

/**
 * A generic server (Erlang's {@code gen_server}): a process that holds a state and handles requests one at a
 * time. The library owns the loop, the replies, the timeouts and the crash reports; an implementation holds
 * only the callbacks.
 *
 * <pre>
 *  client ── call(Get) ──▶ [mailbox] ──▶ handleCall(Get, from, state) ──▶ reply(get, value, state')
 *         ◀──────────────── value ◀──────────────────────────────────────┘
 *  client ── cast(Add) ──▶ [mailbox] ──▶ handleCast(Add, state) ──▶ noReply(state')
 *  anyone ── send(msg) ──▶ [mailbox] ──▶ handleInfo(msg, state) ──▶ noReply(state')
 * </pre>
 *
 * <p>Requests are typed. Calls are a sealed interface of records implementing {@link Call Call&lt;R&gt;},
 * where {@code R} is the reply's type; casts are a sealed interface of records. {@link GenServerRef#call}
 * returns {@code R}, {@link Results#reply} only accepts an {@code R}, and a {@code switch} over either
 * interface is checked for exhaustiveness.
 *
 * <p>Callbacks may throw: the server then writes one crash report (the server, the message it was handling,
 * its state after {@link #formatStatus}, the exception and, for a call, the caller), runs {@link #terminate}
 * and exits with {@link ExitReason#crash(Throwable)}; a caller waiting on it gets a {@link
 * ServerExitedException} at once.
 *
 * @param <S> the state
 * @param <C> the calls: a sealed interface extending {@link Call}
 * @param <K> the casts: a sealed interface
 */
public interface GenServer<S, C extends Call<?>, K> {

    /**
     * Runs first, in the server's process, while the starter waits (up to the init timeout).
     *
     * @param self the server's process: keep it to send, set timers or trap exits
     * @return {@link Init#ok} to run (optionally continuing, with a timeout, or hibernating), {@link
     *     Init#ignore} to exit normally, or {@link Init#stop} to fail the start
     * @throws Exception to fail the start with a crash reason
     */
    Init<S> init(ProcessContext self) throws Exception;

    /**
     * Handles a call. The default crashes the server: a server that takes calls must implement it.
     *
     * @param request the call, one of the server's call records; its type fixes the reply's type
     * @param from the caller, for a reply given later through {@link From#reply(Call, Object)}
     * @param state the server's current state
     * @return {@link Results#reply} (reply and go on), {@link Results#noReply} (reply later through {@code
     *     from}), {@link Results#stop} (stop; the caller's call fails with the reason) or {@link
     *     Results#stopReply} (reply, then stop); each may ask to continue, time out or hibernate next
     * @throws Exception to crash the server: one crash report, then {@link #terminate}; the caller's call fails
     */
    default CallResult<S> handleCall(C request, From from, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the call " + request + " but does not implement handleCall");
    }

    /**
     * Handles a cast. The default crashes the server: a server that takes casts must implement it.
     *
     * @param request the cast, one of the server's cast records
     * @param state the server's current state
     * @return {@link Results#noReply} (go on) or {@link Results#stop}
     * @throws Exception to crash the server: one crash report, then {@link #terminate}
     */
    default Result<S> handleCast(K request, S state) throws Exception {
        throw new IllegalStateException(
                getClass().getName() + " received the cast " + request + " but does not implement handleCast");
    }

    /**
     * Handles any other message: a plain {@code send}, a timer's message, a {@link
     * io.otp4j.process.Down}, an {@link io.otp4j.process.Exit} when trapping exits (except its parent's, which
     * stops the server), or {@link InactivityTimeout#INSTANCE}. If not overridden, the server logs the message
     * at WARNING, at most ten times a minute, drops it and goes on: a stray message cannot fill the log or stop
     * the server.
     *
     * @param message the message as it was sent; any type
     * @param state the server's current state
     * @return {@link Results#noReply} (go on) or {@link Results#stop}
     * @throws Exception to crash the server: one crash report, then {@link #terminate}
     */
    default Result<S> handleInfo(Object message, S state) throws Exception {
        return Results.noReply(state);
    }

    /**
     * Runs when a callback asked to continue ({@code Init.ok(state).thenContinue(argument)}, {@code
     * noReply(state).thenContinue(argument)}, ...), before any other message: the place for slow setup that should
     * not hold up the starter.
     *
     * @param argument what the callback passed to {@code thenContinue}
     * @param state the server's current state
     * @return {@link Results#noReply} (go on) or {@link Results#stop}
     * @throws Exception to crash the server: one crash report, then {@link #terminate}
     */
    default Result<S> handleContinue(Object argument, S state) throws Exception {
        throw new IllegalStateException(getClass().getName() + " asked to continue with " + argument
                + " but does not implement handleContinue");
    }

    /**
     * Runs before the server exits: after a callback returned a stop, after a callback threw, or, when the
     * server traps exits, on an exit signal from its parent or its node. It does not run when the server is
     * killed or ended by an exit signal it does not trap. If it throws, the server exits with that crash.
     *
     * @param reason why the server stops: the stop's reason, the crash, or the exit signal's reason
     * @param state the server's last state
     * @throws Exception to exit with that crash instead of {@code reason}
     */
    default void terminate(ExitReason reason, S state) throws Exception {}

    /**
     * {@return what crash reports and {@link Sys#getState} show of the state; hide secrets here}
     *
     * @param state the server's current state; the default returns it as it is
     */
    default Object formatStatus(S state) {
        return state;
    }

    /**
     * Starts a server on {@code node}, not linked to anyone, and waits for its {@code init}.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param node the node to run it on; must be running
     * @param server the callbacks, used by this server alone (one instance per server)
     * @return a reference bound to the new server's pid
     * @throws StartException if init failed, asked to stop or to be ignored, or timed out, or if the server's
     *     {@linkplain StartOptions#via() via name} is taken ({@link StartException#holder()} names the holder)
     * @throws io.otp4j.process.NameTakenException if the local name is taken
     */
    static <S, C extends Call<?>, K> GenServerRef<C, K> start(Node node, GenServer<S, C, K> server) {
        return start(node, server, StartOptions.defaults());
    }

    /**
     * Starts a server with options; see {@link #start(Node, GenServer)}.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param node the node to run it on; must be running
     * @param server the callbacks, used by this server alone (one instance per server)
     * @param options its name, init timeout, mailbox and hibernation; {@link StartOptions#defaults()} for none
     * @return a reference bound to the new server's pid
     * @throws StartException as for {@link #start(Node, GenServer)}
     */
    static <S, C extends Call<?>, K> GenServerRef<C, K> start(
            Node node, GenServer<S, C, K> server, StartOptions options) {
        return Starter.start(node, null, false, server, options).ref();
    }

    /**
     * Starts a server linked to the calling process; the link exists before {@code init} runs. If init fails,
     * the server unlinks before exiting, so the starter learns of it from the exception alone.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param parent the calling process, which the server links to
     * @param server the callbacks, used by this server alone (one instance per server)
     * @param options its name, init timeout, mailbox and hibernation; {@link StartOptions#defaults()} for none
     * @return a reference bound to the new server's pid
     * @throws StartException as for {@link #start(Node, GenServer)}
     */
    static <S, C extends Call<?>, K> GenServerRef<C, K> startLink(
            ProcessContext parent, GenServer<S, C, K> server, StartOptions options) {
        return Starter.start(parent.node(), parent, true, server, options).ref();
    }

    /**
     * Starts a server linked to the calling process, with default options; see {@link #startLink(ProcessContext,
     * GenServer, StartOptions)}.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param parent the calling process, which the server links to
     * @param server the callbacks, used by this server alone (one instance per server)
     * @return a reference bound to the new server's pid
     * @throws StartException as for {@link #start(Node, GenServer)}
     */
    static <S, C extends Call<?>, K> GenServerRef<C, K> startLink(ProcessContext parent, GenServer<S, C, K> server) {
        return startLink(parent, server, StartOptions.defaults());
    }

    /**
     * Starts a server monitored by the calling process; the monitor exists before {@code init} runs.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param parent the calling process, which monitors the server
     * @param server the callbacks, used by this server alone (one instance per server)
     * @param options its name, init timeout, mailbox and hibernation; {@link StartOptions#defaults()} for none
     * @return the server's reference and the monitor's reference, whose {@code Down} reports the server's exit
     * @throws StartException as for {@link #start(Node, GenServer)}
     */
    static <S, C extends Call<?>, K> Started<C, K> startMonitor(
            ProcessContext parent, GenServer<S, C, K> server, StartOptions options) {
        return Starter.start(parent.node(), parent, false, server, options);
    }
}
