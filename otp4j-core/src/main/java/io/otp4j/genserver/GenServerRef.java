package io.otp4j.genserver;

import io.otp4j.genserver.spi.Callbacks;
import io.otp4j.genserver.spi.RemoteCalls;
import io.otp4j.internal.Carriers;
import io.otp4j.observe.CallFinished;
import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;

/**
 * A handle on a running server: call it, cast to it, stop it. Immutable and safe to share; works from any
 * thread, inside a process or not.
 *
 * <p>A reference is bound to one server (what {@code start} returns, {@link #of(Pid, ServerType)}, {@link
 * #whereis(Node, String, ServerType)}), or follows a name: a name registered on a node ({@link #named}) or kept
 * by a registry ({@link #via(ViaName, ServerType)}). Each request through a reference by name looks the name up
 * and goes to the server that holds it at that moment, as Erlang's {@code gen_server:call(Name, Request)} and
 * {@code gen_server:call({via, Module, Name}, Request)} do, so the reference keeps working across restarts of the
 * server behind the name; a bound reference reaches only the server it was bound to.
 *
 * <p>Lookups take the server's {@link ServerType}, declared once by the code that knows the server, and check at
 * run time that the process they find runs that server: a reference never claims request types its server does
 * not take.
 *
 * @param <C> the server's calls
 * @param <K> the server's casts
 */
public final class GenServerRef<C extends Call<?>, K> {

    /** The timeout of {@link #call(Call)}: 5 seconds, as in OTP. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final Engine ENGINE = Engine.get();

    static {
        RemoteCalls.install(new RemoteServing());
        Callbacks.install(new CallbackShapes());
    }

    /** The server, for a bound reference; null for a reference by name. */
    private final @Nullable Bound bound;

    /** The name, for a reference by name; null for a bound reference. */
    private final @Nullable ViaName via;

    /** The type the name's holder must have, for a reference by name; null for a bound reference. */
    private final @Nullable ServerType<C, K> type;

    /** The server of another node, for a reference to one; null for a local server. */
    private final @Nullable RemoteServer remote;

    /** A server a request goes to. */
    private record Bound(ServerCore core, Pid pid) {}

    GenServerRef(ServerCore core, Pid pid) {
        this.bound = new Bound(core, pid);
        this.via = null;
        this.type = null;
        this.remote = null;
    }

    private GenServerRef(ViaName via, ServerType<C, K> type) {
        this.bound = null;
        this.via = via;
        this.type = type;
        this.remote = null;
    }

    private GenServerRef(RemoteServer remote) {
        this.bound = null;
        this.via = null;
        this.type = null;
        this.remote = remote;
    }

    /**
     * {@return a reference that looks {@code name} up at each request} A request made while no live server of
     * {@code type} holds the name fails at once with {@link ServerNotFoundException} (Erlang's {@code noproc}); a
     * cast is dropped, as a cast to a server that is not alive is.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param name the name, in the name service that holds it (a registry's via name, or a {@link LocalName})
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> GenServerRef<C, K> via(ViaName name, ServerType<C, K> type) {
        return new GenServerRef<>(Objects.requireNonNull(name, "name"), Objects.requireNonNull(type, "type"));
    }

    /**
     * {@return a reference that looks {@code name} up on {@code node} at each request} Erlang's {@code
     * gen_server:call(Name, Request)}: under a supervisor that restarts the server under its name, each request
     * reaches the server running now. A request made while no live server of {@code type} holds the name fails
     * at once with {@link ServerNotFoundException} (Erlang's {@code noproc}); a cast is dropped.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param node the node whose registered names to look in
     * @param name the name registered on {@code node}
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> GenServerRef<C, K> named(Node node, String name, ServerType<C, K> type) {
        return via(new LocalName(node, name), type);
    }

    /**
     * {@return a reference to the server of {@code type} registered as {@code name} on the node {@code atNode}},
     * looked up there at each request (Erlang's {@code {Name, Node}}); requests go from {@code local} through its
     * cluster. Calls, casts, {@link #sendRequest} and {@link #callAsync} work as for a local server. A call
     * fails with {@link ServerExitedException}: reason {@code noconnection} at once if {@code atNode} is not
     * connected or is lost while the call waits; {@code noproc} if no live server of {@code type} holds the name
     * there (as in Erlang). A reply must be of a class the caller's node allows; see the cluster module. For
     * {@code atNode} the local node's own name, this is {@link #named(Node, String, ServerType)}.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param local the node the requests are sent from, a member of the cluster
     * @param atNode the name of the node the server runs on
     * @param name the name registered on {@code atNode}
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> GenServerRef<C, K> named(
            Node local, String atNode, String name, ServerType<C, K> type) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(atNode, "atNode");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (atNode.equals(local.name())) {
            return named(local, name, type);
        }
        return new GenServerRef<>(
                new RemoteServer(local, atNode, null, name, type.serverClass().getName()));
    }

    /**
     * {@return a reference to the server with this pid, if it is a live server of {@code type}}: for a pid of
     * {@code local}, as {@link #of(Pid, ServerType)}; for a pid of another node, always a reference, whose requests
     * go from {@code local} through its cluster and are checked against {@code type} by the server's node (a
     * call to a process that is not a live server of {@code type} fails with {@code noproc}).
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param local the node the requests are sent from
     * @param pid the server's pid, of {@code local} or of another node
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> of(Node local, Pid pid, ServerType<C, K> type) {
        Objects.requireNonNull(local, "local");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
        if (pid.node().equals(local.name())) {
            return of(pid, type);
        }
        return Optional.of(new GenServerRef<>(new RemoteServer(
                local, pid.node(), pid, null, type.serverClass().getName())));
    }

    /**
     * {@return a reference bound to the server of {@code type} that holds {@code name} now, if there is one}
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param name the name, looked up once, now
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> whereis(ViaName name, ServerType<C, K> type) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        return name.whereis()
                .flatMap(pid -> name.node().map(local -> of(local, pid, type)).orElseGet(() -> of(pid, type)));
    }

    /**
     * {@return a reference to the server of {@code type} registered as {@code name} on {@code node}, if there is
     * one} The reference is bound to the pid found now; it does not follow the name.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param node the node whose registered names to look in
     * @param name the name registered on {@code node}
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> whereis(
            Node node, String name, ServerType<C, K> type) {
        Objects.requireNonNull(type, "type");
        return node.whereis(name).flatMap(pid -> of(pid, type));
    }

    /**
     * {@return a reference to the server with this pid, if it is a live server of {@code type}} Empty for a pid
     * that runs another server, or no server, and for a pid of another node: this looks only at this JVM's
     * processes. For a server of another node, use {@link #of(Node, Pid, ServerType)}.
     *
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param pid the server's pid
     * @param type the server's type; a process that runs another server counts as not found
     */
    public static <C extends Call<?>, K> Optional<GenServerRef<C, K>> of(Pid pid, ServerType<C, K> type) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
        return ServerCore.of(pid).filter(type::isTypeOf).map(core -> new GenServerRef<>(core, pid));
    }

    /**
     * {@return a reference to the server with this pid, whatever its type, if it is a live server} Its request
     * types are unknown: it can be called (a call's reply type is its request's), stopped and debugged with {@link
     * Sys}, not cast to. Prefer {@link #of(Pid, ServerType)}.
     *
     * @param pid the server's pid, of this JVM's nodes
     */
    public static Optional<GenServerRef<?, ?>> of(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return ServerCore.of(pid).map(core -> new GenServerRef<>(core, pid));
    }

    /**
     * {@return the server's shared state; for a reference by name, that of the name's holder now}
     *
     * @throws UnsupportedOperationException for a server of another node, whose state is not here
     */
    ServerCore core() {
        return localBound().core;
    }

    /**
     * {@return the local server a request goes to now}
     *
     * @throws UnsupportedOperationException for a server of another node, whose state is not here
     */
    private Bound localBound() {
        Object t = target();
        if (t instanceof RemoteServer r) {
            throw new UnsupportedOperationException(
                    r + " is a server of another node: debugging and stopping it through Sys or stop() is not"
                            + " supported from here; call it, or send it an exit signal");
        }
        return (Bound) t;
    }

    /**
     * {@return where a request goes now}: a {@link Bound} server of this JVM or a {@link RemoteServer} of another
     * node; for a reference by name, the name's holder at this moment
     *
     * @throws ServerNotFoundException if the reference is by name and no live server of its type holds the name
     */
    private Object target() {
        RemoteServer r = remote;
        if (r != null) {
            return r;
        }
        Bound b = bound;
        if (b != null) {
            return b;
        }
        ViaName name = Objects.requireNonNull(via);
        Pid holder = name.whereis().orElseThrow(() -> new ServerNotFoundException(name));
        RemoteServer far = elsewhere(name, holder);
        if (far != null) {
            return far;
        }
        return found(holder).orElseThrow(() -> new ServerNotFoundException(name, holder, Objects.requireNonNull(type)));
    }

    /** {@return where a request goes now, as {@link #target()}; null if no live server holds the name} */
    private @Nullable Object resolveTarget() {
        if (remote != null || bound != null) {
            return remote != null ? remote : bound;
        }
        ViaName name = Objects.requireNonNull(via);
        Pid holder = name.whereis().orElse(null);
        if (holder == null) {
            return null;
        }
        RemoteServer far = elsewhere(name, holder);
        return far != null ? far : found(holder).orElse(null);
    }

    /**
     * {@return the holder of a name as a server of another node}, reached from the name service's {@linkplain
     * ViaName#node() node}; null for a holder of this JVM, or a name service that names no node
     */
    private @Nullable RemoteServer elsewhere(ViaName name, Pid holder) {
        Optional<Node> local = name.node();
        if (local.isEmpty() || holder.node().equals(local.get().name())) {
            return null;
        }
        String serverClass = Objects.requireNonNull(type).serverClass().getName();
        return new RemoteServer(local.get(), holder.node(), holder, null, serverClass);
    }

    /** {@return {@code pid} as the server of a reference by name, if it is a live server of the reference's type} */
    private Optional<Bound> found(Pid pid) {
        ServerType<C, K> t = Objects.requireNonNull(type);
        return ServerCore.of(pid).filter(t::isTypeOf).map(core -> new Bound(core, pid));
    }

    /**
     * {@return the server's pid} For a reference by name, the pid of the name's holder now.
     *
     * @throws ServerNotFoundException if the reference is by name and no live server holds the name
     */
    public Pid pid() {
        Object t = target();
        if (t instanceof RemoteServer r) {
            if (r.pid() == null) {
                throw new IllegalStateException("the reference to " + r + " is by name, looked up on that node at each"
                        + " request: it has no pid here");
            }
            return r.pid();
        }
        return ((Bound) t).pid;
    }

    /**
     * {@return the server's node}
     *
     * @throws ServerNotFoundException if the reference is by name and no live server holds the name
     */
    public Node node() {
        Object t = target();
        return t instanceof RemoteServer r ? r.local() : ((Bound) t).core.node;
    }

    /**
     * {@return whether the server is alive; for a reference by name, whether a live server holds the name} For a
     * server of another node, whether its node is connected: all that can be told without asking it.
     */
    public boolean isAlive() {
        Object t = resolveTarget();
        if (t instanceof RemoteServer r) {
            return r.reachable();
        }
        return t instanceof Bound b && b.core.node.isAlive(b.pid);
    }

    /**
     * Calls the server and waits up to {@link #DEFAULT_TIMEOUT} for the reply.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @return the server's reply
     * @throws CallException as for {@link #call(Call, Duration)}
     * @see #call(Call, Duration)
     */
    public <R> R call(Call<R> request) {
        return call(request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls the server and waits up to {@code timeout} for the reply. Everything the server did before
     * replying happens-before this returns.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @param timeout how long to wait for the reply; positive
     * @return the server's reply
     * @throws IllegalArgumentException if {@code timeout} is zero or negative
     * @throws CallTimeoutException if no reply came in time; the server skips the request if it has not
     *     started on it, and a reply that comes later is dropped
     * @throws ServerExitedException at once if the server was already gone (reason {@code noproc}: the request
     *     reached no one, so it is safe to send again) or exits before replying (its exit reason)
     * @throws CallDroppedException if the server's bounded mailbox dropped the request
     * @throws io.otp4j.process.MailboxFullException if the server's bounded mailbox refused the request
     * @throws IllegalStateException if a server calls itself (it would wait for itself forever)
     * @throws ServerNotFoundException if the reference is by name and no live server holds the name
     */
    public <R> R call(Call<R> request, Duration timeout) {
        return call(request, timeoutNanos(timeout), timeout);
    }

    /** A call, observed if something observes the node it is made from (see {@link CallObserving}). */
    private <R> R call(Call<R> request, long nanos, Duration timeout) {
        Object t;
        try {
            t = target();
        } catch (ServerNotFoundException e) {
            nobodyHolds(request);
            throw e;
        }
        Observers observers = Observers.of(t instanceof RemoteServer r ? r.local() : ((Bound) t).core.node);
        if (observers == null || !observers.calling()) {
            return call(t, request, nanos, timeout);
        }
        Objects.requireNonNull(request, "request");
        long start = observers.callStarts();
        CallFinished.Outcome outcome = null;
        try {
            R reply = call(t, request, nanos, timeout);
            outcome = CallFinished.Outcome.REPLIED;
            return reply;
        } catch (RuntimeException e) {
            outcome = CallObserving.outcomeOf(e);
            throw e;
        } finally {
            if (outcome != null) { // null: a misuse (a bad argument), not a call
                Pid server = t instanceof RemoteServer r ? r.shown() : ((Bound) t).pid;
                observers.callFinished(server, nameOf(t), request.getClass(), start, outcome);
            }
        }
    }

    /** Tells the observers of the name's node, if it has one, that a call found nobody holding the name. */
    private void nobodyHolds(@Nullable Object request) {
        ViaName name = Objects.requireNonNull(via);
        Node node = name instanceof LocalName local ? local.at() : name.node().orElse(null);
        Observers observers = node == null ? null : Observers.of(node);
        if (observers != null && observers.calling() && request != null) {
            observers.callFinished(
                    observers.node().pid(),
                    nameOf(null),
                    request.getClass(),
                    observers.callStarts(),
                    CallFinished.Outcome.NOPROC);
        }
    }

    private <R> R call(Object t, Call<R> request, long nanos, Duration timeout) {
        try {
            if (t instanceof RemoteServer r) {
                Objects.requireNonNull(request, "request");
                return awaitOn(r.local(), r.send(request, nanos, Thread.currentThread()), nanos, timeout);
            }
            Bound b = (Bound) t;
            return await(b.core, sendWaiting(b, request), nanos, timeout);
        } catch (CallTimeoutException e) {
            CallObserving.timedOut(e, nameOf(t));
            throw e;
        }
    }

    /** {@return the name of the server {@code t} for observers: its start name, else the name it is called by} */
    private @Nullable String nameOf(@Nullable Object t) {
        if (t instanceof Bound b && b.core.startName() != null) {
            return b.core.startName();
        }
        if (t instanceof RemoteServer r && r.name() != null) {
            return r.name();
        }
        return via instanceof LocalName local ? local.name() : via == null ? null : via.toString();
    }

    /** {@return {@code timeout} in nanoseconds, saturated} after checking it is a call's timeout */
    private static long timeoutNanos(Duration timeout) {
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("a call's timeout must be positive, was " + timeout);
        }
        return Deadline.saturatedNanos(timeout);
    }

    /**
     * Calls the server without waiting: {@link #callAsync(Call, Duration)} with the {@link #DEFAULT_TIMEOUT}.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @return a stage completed with the reply, or exceptionally with what {@link #call(Call)} would throw
     */
    public <R> CompletionStage<R> callAsync(Call<R> request) {
        return callAsync(request, DEFAULT_TIMEOUT);
    }

    /**
     * Calls the server without blocking the calling thread, for plain code (a {@code main}, a test, a request
     * handler) that wants the reply later or composed with other work. The request is sent before this returns,
     * in order with the caller's other messages to the server; the returned stage completes with the reply, or
     * exceptionally with what {@link #call(Call, Duration)} would have thrown: {@link CallTimeoutException},
     * {@link ServerExitedException} ({@code noproc} if the server was already gone), {@link CallDroppedException},
     * {@link io.otp4j.process.MailboxFullException} or {@link ServerNotFoundException}. Unlike {@code call}, a
     * server may call itself this way: it does not wait.
     *
     * <p>Threads: no thread waits for a pending call. Its outcome (the reply, the server's exit, the timeout) starts a
     * virtual thread (named {@code otp4j-call-async}) that completes the stage, never the server's thread or the
     * clock's; no platform thread waits for it. Dependent stages added before completion run there too, unless
     * added with an {@code ...Async} method and an executor of your own, or unless another thread waits on the stage
     * itself ({@code get}, {@code join}) as it completes: {@code CompletableFuture} lets such a waiter run pending
     * dependents. Cancelling the stage ({@code toCompletableFuture().cancel(...)}) gives the call up, as a timeout
     * does: the server skips it if it has not started on it.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @param timeout how long the call may take, from now; positive
     * @return a stage completed with the reply, or exceptionally with what {@link #call(Call, Duration)} would
     *     throw
     * @throws IllegalArgumentException if {@code timeout} is not positive
     */
    public <R> CompletionStage<R> callAsync(Call<R> request, Duration timeout) {
        Objects.requireNonNull(request, "request");
        long nanos = timeoutNanos(timeout);
        Object t;
        try {
            t = target();
        } catch (ServerNotFoundException e) {
            return CompletableFuture.failedFuture(e);
        }
        AsyncCall<R> call = new AsyncCall<>(timeout);
        Clock clock;
        From from;
        if (t instanceof RemoteServer r) {
            clock = r.local().clock();
            try {
                from = r.send(request, nanos, call);
            } catch (OtpException e) {
                return CompletableFuture.failedFuture(e); // the request cannot cross: nothing was sent
            }
        } else {
            Bound b = (Bound) t;
            // The deadline is taken now, on the caller's thread: a test that moves a manual clock right after this
            // call moves it past a deadline already set.
            clock = b.core.node.clock();
            from = new From(request, b.core, call);
            from.expiresAt(Deadline.after(clock, nanos)); // the server skips the call once it has passed
            try {
                deliver(b, from);
            } catch (OtpException e) {
                call.reply.completeExceptionally(e); // nothing was sent: no timer either
                from.abandon();
                return call.reply;
            }
        }
        call.expireAfter(clock, nanos, from);
        return call.reply;
    }

    /**
     * A call made with {@link #callAsync}: the stage its answer completes. No thread waits for the answer: the
     * outcome (the reply, the server's exit, the timeout) starts a virtual thread that completes the stage, so that
     * dependent stages run neither on the server's thread nor on the clock's.
     */
    private static final class AsyncCall<R> extends ReplyTarget implements Runnable {
        private static final ThreadFactory COMPLETERS =
                Carriers.virtualThreads().name("otp4j-call-async").factory();

        final CompletableFuture<R> reply = new CompletableFuture<>();
        private final Duration timeout;
        private final Thread caller = Thread.currentThread();

        /** The call's timeout; null until armed, and for a call that never times out. */
        private volatile Clock.@Nullable Scheduled timer;

        /** The reply, or the failure to complete the stage with; written before the completing thread starts. */
        private @Nullable Object outcome;

        private boolean failure;

        AsyncCall(Duration timeout) {
            this.timeout = timeout;
        }

        /**
         * Arms the call's timeout, {@code nanos} from now on {@code clock}, once {@code from} is sent. The stage's
         * completion, whichever way it comes (a cancel or {@code complete} by its holder included), gives the call
         * up and disarms the timeout.
         */
        void expireAfter(Clock clock, long nanos, From from) {
            if (nanos != Deadline.NEVER) {
                timer = clock.scheduleTimeout(nanos, from::expire);
            }
            // Added after the timer is set: it runs after that write, here or on the thread that completes the stage.
            reply.whenComplete((value, error) -> {
                from.abandon(); // no effect once the call has its outcome
                Clock.Scheduled armed = timer;
                if (armed != null) {
                    armed.cancel();
                }
            });
        }

        @Override
        void answered(Object value) {
            finish(value, false);
        }

        @Override
        void failed(CallException error) {
            finish(error, true);
        }

        @Override
        void timedOut() {
            From from = envelope();
            finish(new CallTimeoutException(from.serverPid(), from.request, timeout), true);
        }

        @Override
        Object caller() {
            return caller;
        }

        private void finish(Object result, boolean failed) {
            outcome = result;
            failure = failed;
            COMPLETERS.newThread(this).start();
        }

        @Override
        @SuppressWarnings("unchecked") // the request's reply type: R
        public void run() {
            Object result = Objects.requireNonNull(outcome);
            if (failure) {
                reply.completeExceptionally((Throwable) result);
            } else {
                reply.complete((R) result);
            }
        }
    }

    /**
     * Calls the server and waits for the reply as long as it takes (Erlang's {@code infinity}).
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @return the server's reply
     * @throws CallException as for {@link #call(Call, Duration)}, except that it never times out
     */
    public <R> R callWithoutTimeout(Call<R> request) {
        return call(request, Long.MAX_VALUE, Duration.ofSeconds(Long.MAX_VALUE));
    }

    @SuppressWarnings("unchecked") // the request's reply type: R
    private static <R> R await(ServerCore core, From from, long timeoutNanos, Duration timeout) {
        return awaitOn(core.node, from, timeoutNanos, timeout);
    }

    @SuppressWarnings("unchecked") // the request's reply type: R
    private static <R> R awaitOn(Node node, From from, long timeoutNanos, Duration timeout) {
        return (R) from.await(node.clock(), timeoutNanos, timeout);
    }

    /**
     * Sends a call without waiting for its reply (Erlang's {@code send_request}). Wait for, or check, the
     * reply through the returned {@link PendingCall}.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @return the call in flight, to await, check or cancel; if the server was already gone, waiting for it
     *     throws {@link ServerExitedException} with reason {@code noproc}
     * @throws CallDroppedException if the server's bounded mailbox dropped the request
     * @throws ServerNotFoundException if the reference is by name and no live server holds the name
     */
    public <R> PendingCall<R> sendRequest(Call<R> request) {
        Object t = target();
        if (t instanceof RemoteServer r) {
            Objects.requireNonNull(request, "request");
            return new PendingCall<>(
                    r.send(request, Long.MAX_VALUE, Thread.currentThread()),
                    r.local().clock());
        }
        Bound b = (Bound) t;
        return new PendingCall<>(send(b, request), b.core.node.clock());
    }

    /**
     * Sends a call whose answer comes to the process {@code replyTo} as a {@link Response} message (Erlang's {@code
     * send_request}, with the reply taken by {@code receive}; Pekko's {@code ask} from an actor). No thread waits for
     * it: a server that asks another server handles the response in its {@link GenServer#handleInfo}, among its
     * other messages, and may have many requests in flight at once.
     *
     * <p>Exactly one response comes unless the request is {@linkplain RequestId#cancel() cancelled}: {@link
     * Response.Replied} with the reply, or {@link Response.Failed} with what {@link #call} would have thrown; for a
     * server already gone, at once, with reason {@code noproc}. There is no timeout: a process that will not wait
     * forever sets a timer of its own ({@link io.otp4j.process.ProcessContext#sendAfter}) and cancels the request
     * when it fires. A server may send a request to itself this way: it answers it after the message it is handling.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param request the call, one of the server's call records
     * @param replyTo the process the response goes to: a process of the node this reference sends from, usually
     *     the caller's own ({@link io.otp4j.process.ProcessContext#self()})
     * @return the request's id, which its response carries
     * @throws IllegalArgumentException if {@code replyTo} is a process of another node
     * @throws CallDroppedException if the server's bounded mailbox dropped the request
     * @throws ServerNotFoundException if the reference is by name and no live server holds the name
     */
    public <R> RequestId<R> sendRequest(Call<R> request, Pid replyTo) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(replyTo, "replyTo");
        Object t = target();
        if (t instanceof RemoteServer r) {
            RequestId<R> id = requestId(r.local(), replyTo);
            r.send(request, Long.MAX_VALUE, id);
            return id;
        }
        Bound b = (Bound) t;
        RequestId<R> id = requestId(b.core.node, replyTo);
        deliver(b, new From(request, b.core, id));
        return id;
    }

    /** {@return an id whose response goes to {@code replyTo}, which must be a process of {@code local}} */
    private static <R> RequestId<R> requestId(Node local, Pid replyTo) {
        if (!replyTo.node().equals(local.name())) {
            throw new IllegalArgumentException("a response goes to a process of the node the request is sent from ("
                    + local.name() + "), not to " + replyTo + " of node " + replyTo.node());
        }
        return new RequestId<>(local, replyTo);
    }

    private static From send(Bound b, Call<?> request) {
        Objects.requireNonNull(request, "request");
        ServerCore core = b.core;
        notItself(core, request);
        From from = new From(request, core);
        from.serverWasIdle = ENGINE.looksIdle(b.pid);
        deliver(b, from);
        return from;
    }

    /**
     * Sends a call whose caller waits for the reply: as {@link #send}, but a pooled server that waits without a
     * thread runs on the caller's thread instead of a worker's, and has usually answered when this returns (see
     * {@link io.otp4j.process.spi.Engine#lendTo}).
     */
    private static From sendWaiting(Bound b, Call<?> request) {
        ServerCore core = b.core;
        if (!core.pooled) {
            return send(b, request);
        }
        Objects.requireNonNull(request, "request");
        notItself(core, request);
        From from = new From(request, core);
        if (!ENGINE.lendTo(b.pid, () -> deliver(b, from), () -> !from.isWaiting())) {
            from.serverWasIdle = ENGINE.looksIdle(b.pid);
            deliver(b, from);
        } else if (Thread.currentThread().isInterrupted()) {
            // An exit signal came for the caller while the server ran on its thread, and was held back until the
            // server left: the caller is gone before it takes the answer, as it would be waiting for it.
            from.abandon();
            throw new CallInterruptedException(b.pid, request);
        }
        return from;
    }

    /**
     * Refuses a call of a server from its own thread, which would wait for itself forever: by the server itself, or
     * by a pooled server it lent its thread to while it waits for it (a call to it, or its start).
     */
    private static void notItself(ServerCore core, Call<?> request) {
        if (Thread.currentThread() == core.thread) {
            Pid borrower = ENGINE.borrower().orElse(null);
            if (borrower != null && !borrower.equals(core.pid())) {
                throw new IllegalStateException(borrower + " called " + core + " with " + request
                        + " on the thread " + core + " lent it while waiting for it (for its start, or for its"
                        + " answer to a call): " + core + " cannot take the call until " + borrower
                        + " returns, so it would wait forever");
            }
            throw new IllegalStateException(
                    core + " called itself with " + request + ": it would wait for itself forever");
        }
    }

    /** Sends a call's envelope; fails the call at once if the server is already gone, or going. */
    private static void deliver(Bound b, From from) {
        if (!b.core.enqueue(b.pid, from)) {
            throw new CallDroppedException(b.pid, from.request);
        }
    }

    /**
     * Casts a request: sends it and returns at once. A cast to a server that is not alive is dropped, and so is
     * one by name while no live server holds the name.
     *
     * @param request the cast, one of the server's cast records
     */
    public void cast(K request) {
        Objects.requireNonNull(request, "request");
        Bound b = bound; // a bound reference allocates nothing here
        if (b == null) {
            Object t = resolveTarget();
            if (t instanceof RemoteServer r) {
                r.cast(request);
                return;
            }
            b = (Bound) t;
        }
        if (b != null) {
            b.core.node.send(b.pid, new CastEnvelope(request));
        }
    }

    /** Stops the server with reason {@code normal}, waiting up to 5 seconds; see {@link #stop(ExitReason, Duration)}. */
    public void stop() {
        stop(ExitReason.normal(), DEFAULT_TIMEOUT);
    }

    /**
     * Stops the server: it runs {@link GenServer#terminate} with {@code reason} and exits with it; this returns
     * when the server is gone (Erlang's {@code gen_server:stop/3}).
     *
     * @param reason the reason {@code terminate} sees and the server exits with
     * @param timeout how long to wait for the server to be gone
     * @throws ServerExitedException if the server was already gone (reason {@code noproc}), or exited with
     *     another reason than {@code reason} (its terminate threw, say)
     * @throws CallTimeoutException if it was not gone within {@code timeout}
     * @throws IllegalStateException if a server stops itself this way (a callback returns a stop instead)
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        Bound b = localBound();
        ServerCore core = b.core;
        Pid pid = b.pid;
        if (Thread.currentThread() == core.thread) {
            throw new IllegalStateException(core + " asked to stop itself through its reference: it would wait for"
                    + " itself; return Results.stop(...) from the callback instead");
        }
        SysRequest request = new SysRequest(SysRequest.Kind.STOP, reason);
        From from = new From(request, core);
        if (core.node.send(pid, from) == Delivery.NO_PROCESS) {
            throw new ServerExitedException(pid, request, ExitReason.noproc()); // as gen_server:stop's noproc
        }
        ExitReason exited;
        try {
            exited = core.awaitGoneReason(Deadline.saturatedNanos(timeout));
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

    /** Sends a debugging request and waits for its answer; see {@link Sys}. */
    Object system(SysRequest request, Duration timeout) {
        Bound b = localBound();
        ServerCore core = b.core;
        From from = new From(request, core);
        if (core.node.send(b.pid, from) == Delivery.NO_PROCESS) {
            from.fail(ExitReason.noproc());
        }
        return from.await(core.node.clock(), Deadline.saturatedNanos(timeout), timeout);
    }

    /** Bound references are equal when they name the same server; references by name, the same name. */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof GenServerRef<?, ?> that
                && Objects.equals(bound == null ? null : bound.pid, that.bound == null ? null : that.bound.pid)
                && Objects.equals(via, that.via)
                && Objects.equals(remote, that.remote);
    }

    @Override
    public int hashCode() {
        if (remote != null) {
            return remote.hashCode();
        }
        return bound != null
                ? bound.pid.hashCode()
                : Objects.requireNonNull(via).hashCode();
    }

    @Override
    public String toString() {
        if (remote != null) {
            return "GenServerRef[" + remote + "]";
        }
        return bound != null ? "GenServerRef[" + bound.core + "]" : "GenServerRef[via " + via + "]";
    }
}
