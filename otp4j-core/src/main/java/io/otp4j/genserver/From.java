package io.otp4j.genserver;

import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.internal.Spinning;
import io.otp4j.observe.Sending;
import io.otp4j.observe.spi.Outgoing;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/**
 * The caller of one call, and the one-shot channel its reply travels on (Erlang's {@code From}). {@link
 * GenServer#handleCall} receives it; a server that returns {@link Results#noReply} keeps it and replies later
 * with {@link #reply}, from any thread or process.
 *
 * <p>A call is answered at most once. The caller, its timeout and the server race on one atomic state: a
 * reply after the caller gave up is dropped (never delivered anywhere), and a second reply is a {@link
 * DuplicateReplyException}. The reply's value is published before the state says so, so the caller sees
 * everything the server did before replying.
 */
public final class From implements Outgoing {

    /** A deadline at least this far away is not looked at before the caller's first park (see {@code await}). */
    private static final long FRESH_DEADLINE_NANOS = 1_000_000;

    private static final int WAITING = 0;
    private static final int CLAIMED = 1; // a reply or a failure is being written
    private static final int REPLIED = 2;
    private static final int FAILED = 3;
    private static final int ABANDONED = 4;

    private static final VarHandle STATE;
    private static final VarHandle DEADLINE;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            STATE = lookup.findVarHandle(From.class, "state", int.class);
            DEADLINE = lookup.findVarHandle(From.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final Object request;

    /** The local server the call went to; null on the caller's side of a call to another node. */
    final @Nullable ServerCore server;

    /** The server's pid for a call to another node (the node's pseudo-pid while no server has answered). */
    private final @Nullable Pid remoteServer;
    /**
     * When the caller gives up, on the server's clock; {@link Long#MAX_VALUE} for never, or not yet known. A
     * caller sets it when it is about to sleep with a timeout: a call answered while the caller still spins or
     * yields never reads the clock for it, and neither does the server. Written with plain and release stores,
     * which cost no fence (a volatile field's initializer would cost one per call): the server only reads it to skip
     * a call, one that sees it late skips nothing, and the request's send publishes the first value.
     */
    private volatile long deadline;

    /** The thread waiting for the answer; null on the serving side of a call from another node. */
    private final @Nullable Thread caller;

    /** Where the answer goes on the serving side of a call from another node; null for a local caller. */
    private final @Nullable CallAnswer remoteCaller;

    /**
     * Where the answer goes when no thread waits for it: as a message, for a call sent with {@link
     * GenServerRef#sendRequest(Call, Pid)}; to a stage, for {@link GenServerRef#callAsync}.
     */
    private final @Nullable ReplyTarget target;

    /** Run when the caller gives up a call to another node: its node forgets the pending call. */
    private volatile @Nullable Runnable onGiveUp;

    private @Nullable Object value;

    /** Why the call failed: the server's {@link ExitReason}, or what to throw (a refusal by another node). */
    private @Nullable Object failure;

    /** Whether the server keeps this call for a deferred reply; guarded by the server's bookkeeping. */
    volatile boolean deferred;

    /**
     * Whether the server's mailbox looked empty just before this request was sent, so that the request is the
     * next the server takes: a hint the caller uses to choose between polling for the reply and parking at once.
     * The caller's own.
     */
    boolean serverWasIdle;

    @SuppressWarnings("unused") // accessed through STATE
    private volatile int state;

    From(Object request, ServerCore server) {
        this(request, server, null, Thread.currentThread(), null, null);
    }

    /** The caller's side of a call to {@code server}, a server of another node: {@code caller} waits for it. */
    From(Object request, Pid server, Thread caller) {
        this(request, null, server, caller, null, null);
    }

    /**
     * A call of {@code server} answered through {@code answer} alone, with no server loop behind it: the test kit's
     * harness, which runs the server's callbacks itself, collects the reply this way.
     */
    From(Object request, Pid server, CallAnswer answer) {
        this(request, null, server, null, answer, null);
    }

    /**
     * The serving side of a call from another node: the local {@code server} answers through {@code answer}; a
     * caller gone for longer than {@code deadline} (on the server's clock) is skipped.
     */
    From(Object request, ServerCore server, CallAnswer answer, long deadline) {
        this(request, server, null, null, answer, null);
        DEADLINE.set(this, deadline);
    }

    /** A call of the local {@code server} whose answer goes to {@code target}, with no thread waiting for it. */
    From(Object request, ServerCore server, ReplyTarget target) {
        this(request, server, null, null, null, target);
        target.bind(this);
    }

    /** The caller's side of a call to {@code server}, of another node, whose answer goes to {@code target}. */
    From(Object request, Pid server, ReplyTarget target) {
        this(request, null, server, null, null, target);
        target.bind(this);
    }

    /** Exactly one of the server and its pid is given, and exactly one of the three ways the answer goes. */
    private From(
            Object request,
            @Nullable ServerCore server,
            @Nullable Pid remoteServer,
            @Nullable Thread caller,
            @Nullable CallAnswer remoteCaller,
            @Nullable ReplyTarget target) {
        DEADLINE.set(this, Long.MAX_VALUE);
        this.request = request;
        this.server = server;
        this.remoteServer = remoteServer;
        this.caller = caller;
        this.remoteCaller = remoteCaller;
        this.target = target;
    }

    /** {@return the pid of the server this call went to} */
    Pid serverPid() {
        ServerCore s = server;
        return s != null ? s.pid() : Objects.requireNonNull(remoteServer);
    }

    /**
     * {@return this call as sent to {@code target}, for the node's context carriers} Part of otp4j's observation
     * plumbing; not for applications.
     */
    @Override
    public Sending sending(Pid target) {
        ServerCore s = server;
        Sending.Kind kind = remoteCaller != null ? Sending.Kind.REMOTE_CALL : Sending.Kind.CALL;
        return new Sending(kind, target, s == null ? null : s.startName(), request.getClass());
    }

    /** Caller side of a call to another node: what to run if the caller gives up. */
    void onGiveUp(Runnable forget) {
        this.onGiveUp = forget;
        if ((int) STATE.getVolatile(this) == ABANDONED) {
            forget.run(); // given up before the call was registered
        }
    }

    /**
     * Replies to the call.
     *
     * @param <R> the request's reply type
     * @param request the request being answered: the compiler checks {@code value} against its reply type
     * @param value the reply; not null
     * @return whether the caller received it: false if it had already given up (timed out)
     * @throws IllegalArgumentException if {@code request} is not this call's request
     * @throws DuplicateReplyException if the call was already replied to
     */
    public <R> boolean reply(Call<R> request, R value) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(value, "value");
        if (request != this.request) {
            throw new IllegalArgumentException(
                    "this From answers " + this.request + ", not " + request + ": reply with the request it came with");
        }
        return complete(value);
    }

    /** {@return whether the caller is still waiting for a reply} */
    public boolean isWaiting() {
        return (int) STATE.getVolatile(this) == WAITING;
    }

    /** Server side: delivers the reply; false if the caller gave up. */
    boolean complete(Object reply) {
        if (!STATE.compareAndSet(this, WAITING, CLAIMED)) {
            int s = (int) STATE.getVolatile(this);
            if (s == REPLIED || s == CLAIMED) {
                throw new DuplicateReplyException(serverPid(), request);
            }
            return false; // the caller gave up, or the call already failed with the server's exit
        }
        value = reply;
        STATE.setRelease(this, REPLIED);
        if (deferred) {
            Objects.requireNonNull(server).forgetDeferred(this);
        }
        CallAnswer remote = remoteCaller;
        ReplyTarget to = target;
        if (remote != null) {
            remote.replied(reply);
        } else if (to != null) {
            to.answered(reply);
        } else {
            wake();
        }
        return true;
    }

    /** Fails the call with the server's exit reason, unless it was answered or abandoned. */
    void fail(ExitReason reason) {
        failWith(reason);
    }

    /** Caller side of a call to another node: fails the call with {@code e}, which the caller throws. */
    void fail(CallException e) {
        failWith(e);
    }

    private void failWith(Object why) {
        if (STATE.compareAndSet(this, WAITING, CLAIMED)) {
            failure = why;
            STATE.setRelease(this, FAILED);
            CallAnswer remote = remoteCaller;
            ReplyTarget to = target;
            if (remote != null && why instanceof ExitReason reason) {
                remote.exited(reason);
            } else if (to != null) {
                to.failed(failure());
            } else {
                wake();
            }
        }
    }

    /** {@return what the caller throws for a failed call} */
    private CallException failure() {
        Object why = Objects.requireNonNull(failure);
        return why instanceof ExitReason reason
                ? new ServerExitedException(serverPid(), request, reason)
                : (CallException) why;
    }

    /**
     * Server side: whether the caller has already given up, so the request need not be worked on. The coarse time
     * is never ahead of the precise one, so a call is never taken for stale before its deadline has passed.
     */
    boolean isStale(Clock clock) {
        int s = (int) STATE.getOpaque(this);
        long d = deadline;
        return s == ABANDONED || (d != Long.MAX_VALUE && clock.coarseNanoTime() - d > 0);
    }

    /**
     * Caller side: waits for the reply, at most {@code timeoutNanos} ({@link Long#MAX_VALUE}: forever).
     *
     * @param timeout the timeout the call was made with, for the exception's message
     */
    Object await(Clock clock, long timeoutNanos, Duration timeout) {
        return await(clock, timeoutNanos, Long.MIN_VALUE, timeout);
    }

    /** Caller side: waits for the reply until {@code until} on {@code clock}. */
    Object awaitUntil(Clock clock, long until, Duration timeout) {
        DEADLINE.setRelease(this, until);
        return await(clock, Long.MAX_VALUE, until, timeout);
    }

    /** {@code fixedUntil} is a deadline already set, or {@link Long#MIN_VALUE} to set one from the timeout. */
    private Object await(Clock clock, long timeoutNanos, long fixedUntil, Duration timeout) {
        if (serverWasIdle) {
            // Nothing was queued ahead of the request, so the reply is usually a few hundred nanoseconds away: poll for
            // it, then give a server woken on this carrier the carrier, before parking.
            // A server that was busy answers this call only after those queued before it: park at once, and
            // leave the carriers to the processes that will get to it.
            // Polling pays only while the server's carrier runs beside this one: when it keeps missing (a busy
            // process beside the runtime takes that carrier's core, say), the caller leaves its carrier at once; so it
            // does while other virtual threads wait for a carrier, the server among them, perhaps.
            // The yields are counted the same way: a server that answers only after slow work of its own (a durable
            // server's commit) would have every caller yield twice for nothing, each yield an unmount and a remount.
            ServerCore s = server;
            if (Spin.SPINS > 0 && (s == null || s.callerPolls()) && !Spinning.othersQueued()) {
                int i = 0;
                while (i < Spin.SPINS && (int) STATE.getAcquire(this) == WAITING) {
                    Thread.onSpinWait();
                    i++;
                }
                if (s != null) {
                    s.callerPolled(i < Spin.SPINS);
                }
            }
            if (Spin.CALL_YIELDS > 0 && Thread.currentThread().isVirtual() && (s == null || s.callerYields())) {
                for (int i = 0; i < Spin.CALL_YIELDS && (int) STATE.getAcquire(this) == WAITING; i++) {
                    Thread.yield();
                }
                if (s != null) {
                    s.callerYielded((int) STATE.getAcquire(this) != WAITING);
                }
            }
        }
        if ((int) STATE.getAcquire(this) == REPLIED) {
            return Objects.requireNonNull(value); // answered while polling: no alarm needed
        }
        long until = fixedUntil;
        // On the system clock, a deadline taken just now and a millisecond or more away has not passed before this
        // thread has parked once: the time is read again only after a wake-up. The system clock's alarm wakes the
        // thread once the deadline has passed, whenever it was armed, so the wait still ends on time; the two readings
        // saved cost 26 ns each on the benchmark machine, about 7% of a round trip on one carrier. A manual
        // clock may have been moved past the deadline before the alarm is armed, and its alarm would then wait for
        // the next move: there the time is read before every park.
        boolean lookAtTheTime = true;
        if (until == Long.MIN_VALUE) {
            until = Deadline.after(clock, timeoutNanos);
            if (until != Deadline.NEVER) {
                DEADLINE.setRelease(this, until); // from now on the server can tell a call whose caller has given up
            }
            lookAtTheTime = clock != Clock.system() || timeoutNanos < FRESH_DEADLINE_NANOS;
        }
        int parks = 0;
        try (Clock.Alarm alarm = clock.alarm(until)) {
            for (; ; ) {
                int s = (int) STATE.getAcquire(this);
                if (s == REPLIED) {
                    return Objects.requireNonNull(value);
                }
                if (s == FAILED) {
                    throw failure();
                }
                if (s == CLAIMED) {
                    Thread.onSpinWait(); // the server is between its two writes
                    continue;
                }
                if (s == ABANDONED) {
                    // Given up already: by the server, which found the deadline passed before this caller's
                    // wake-up did, or by a cancel of the pending request. No answer can come any more.
                    throw new CallTimeoutException(serverPid(), request, timeout);
                }
                if (lookAtTheTime && Deadline.hasPassed(clock, until)) {
                    if (giveUp()) {
                        throw new CallTimeoutException(serverPid(), request, timeout);
                    }
                    continue;
                }
                // On the system clock, no timer per call: a wheel wakes this caller once the deadline has passed.
                alarm.park(this); // the first only arms the alarm
                lookAtTheTime |= ++parks > 1;
                if (Thread.interrupted()) {
                    if (giveUp()) {
                        Thread.currentThread().interrupt();
                        throw new CallInterruptedException(serverPid(), request);
                    }
                    Thread.currentThread().interrupt(); // answered meanwhile: take the answer, keep the flag
                }
            }
        }
    }

    @Nullable
    Object poll() {
        int s = (int) STATE.getAcquire(this);
        if (s == REPLIED) {
            return Objects.requireNonNull(value);
        }
        if (s == FAILED) {
            throw failure();
        }
        return null;
    }

    /** Caller side: gives up on the call. */
    void abandon() {
        if (giveUp() && caller != Thread.currentThread()) {
            wake(); // a caller parked on this call wakes and sees it given up
        }
    }

    /** {@return when the caller gives up, on its clock; {@link Long#MAX_VALUE} while it has not said} */
    long deadline() {
        return deadline;
    }

    /**
     * Sets when the caller gives up, on the server's clock, for a call that no thread waits for: the server skips
     * it once that time has passed. Before the call is sent.
     */
    void expiresAt(long until) {
        DEADLINE.setRelease(this, until);
    }

    /**
     * Gives the call up for its caller, whose deadline has passed, and wakes the caller to throw (or tells the
     * call's target that it timed out).
     */
    void expire() {
        if (giveUp()) {
            ReplyTarget to = target;
            if (to != null) {
                to.timedOut();
            } else {
                wake();
            }
        }
    }

    /**
     * Marks the call abandoned; {@return whether this call did it} A deferred call leaves the server's
     * bookkeeping at once, so a server that defers calls whose callers time out does not accumulate them.
     */
    private boolean giveUp() {
        if (!STATE.compareAndSet(this, WAITING, ABANDONED)) {
            return false;
        }
        if (deferred) {
            Objects.requireNonNull(server).forgetDeferred(this);
        }
        Runnable forget = onGiveUp;
        if (forget != null) {
            forget.run();
        }
        return true;
    }

    /**
     * Wakes a waiting caller to see the call's outcome, or that it was given up. A request answered by message has
     * no waiting caller: it is sent its response as the outcome is set, and nothing when it is given up.
     */
    private void wake() {
        Thread t = caller;
        if (t != null) {
            LockSupport.unpark(t);
        }
    }

    /** {@return who made the call, for crash reports: its thread, or the node it came from} */
    Object caller() {
        CallAnswer remote = remoteCaller;
        if (remote != null) {
            return remote;
        }
        ReplyTarget to = target;
        return to != null ? to.caller() : Objects.requireNonNull(caller);
    }

    @Override
    public String toString() {
        return "From[" + request + " from " + caller() + "]";
    }
}
