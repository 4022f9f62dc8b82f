package io.otp4j.genserver;

import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * What a server's clients and its loop share: its identity, the calls it owes replies to, and how it ended. The
 * loop ({@link ServerLoop}) extends it, so a server is one object beside its process.
 *
 * <p>When the server's process exits, its exit hook records the reason <em>before</em> the mailbox closes,
 * then fails every call it still owed: the one it was handling, the deferred ones, and those still in the
 * mailbox. A caller whose request got into the mailbox after that (a race of a few instructions) reads the
 * recorded reason right after its send and fails itself. Either way a call to a dying server fails at once
 * with the server's exit reason.
 *
 * <p>Memory: a server waiting for a message holds only what every message needs. What few servers need (a name,
 * deferred calls, a tracer, statistics, someone waiting for its exit, the starter's handshake) lives in a {@link
 * Rare} part, made on first use and dropped again after the start when nothing else needs it.
 */
abstract sealed class ServerCore implements ProcessExtension permits ServerLoop {

    final Node node;

    /** The server's exit reason, once its process has ended. */
    volatile @Nullable ExitReason exitReason;

    /**
     * The call being handled right now. Plain: the server's thread writes it and the exit hook, which runs on
     * that same thread, reads it.
     */
    @Nullable
    From current;

    /** The server's current thread, to refuse a call to itself; null while it hibernates. */
    volatile @Nullable Thread thread;

    /**
     * Whether polling pays for this server's callers: {@link Spin#CREDIT} while their replies come within the poll,
     * one less for each that did not, none once they keep missing (see {@link #callerPolls}). Plain: a hint that
     * the callers read and write without order.
     */
    byte callerPollCredit = Spin.CREDIT;

    /** The same for the yields that follow the poll (see {@link #callerYields}). */
    byte callerYieldCredit = Spin.CREDIT;

    /**
     * Messages to handle before the server next counts its mailbox for the Flight Recorder high-water mark ({@link
     * ServerObserving#checkHighWater}). Owner only.
     */
    byte highWaterSkip;

    /** Made on first use; guarded by this object's monitor for making and dropping it. */
    private volatile @Nullable Rare rare;

    /**
     * {@return whether a caller of this server, idle as it sent, polls for its reply before it yields and parks}
     * Yes while polling has paid; once it has not {@value Spin#CREDIT} times in a row (another process keeps the
     * server's carrier from it, or the server runs on the caller's own carrier), about one call in 16 tries again,
     * so that the callers poll again when it pays again.
     */
    boolean callerPolls() {
        return pays(callerPollCredit);
    }

    /** Counts whether a caller's poll caught the reply (see {@link #callerPolls}). */
    void callerPolled(boolean answered) {
        byte next = after(callerPollCredit, answered);
        if (next != callerPollCredit) {
            callerPollCredit = next; // written only on a change: callers that keep catching leave the line clean
        }
    }

    /**
     * {@return whether a caller of this server, idle as it sent, yields its carrier before it parks} Yes while the
     * reply has come by the end of the yields; once it has not {@value Spin#CREDIT} times in a row (the server
     * answers only after slow work of its own, such as a durable server's commit), about one call in 16 tries again.
     */
    boolean callerYields() {
        return pays(callerYieldCredit);
    }

    /** Counts whether the reply had come by the end of a caller's yields (see {@link #callerYields}). */
    void callerYielded(boolean answered) {
        byte next = after(callerYieldCredit, answered);
        if (next != callerYieldCredit) {
            callerYieldCredit = next; // written only on a change: callers that keep catching leave the line clean
        }
    }

    /** {@return whether waiting before parking is tried, with {@code credit} left} */
    private static boolean pays(byte credit) {
        return credit > 0 || ThreadLocalRandom.current().nextInt(16) == 0;
    }

    /** {@return the credit after a wait that caught its answer or did not} */
    private static byte after(byte credit, boolean answered) {
        return answered ? Spin.CREDIT : (byte) Math.max(0, credit - 1);
    }

    /** How init ended. */
    sealed interface Startup {
        /** init returned ok. */
        enum Ok implements Startup {
            INSTANCE
        }

        /** init asked to be ignored. */
        enum Ignored implements Startup {
            INSTANCE
        }

        /** init failed, or the process exited before init answered. */
        record Failed(ExitReason reason) implements Startup {}
    }

    /** What few servers need, apart from the fields every message touches. */
    static final class Rare {
        /** The name registered at start. */
        @Nullable
        String name;

        /** The starter's handshake, until init has answered. */
        @Nullable
        CompletableFuture<Startup> startup;

        /** Calls answered later through {@link From#reply}. Written by the server's thread only. */
        volatile @Nullable Set<From> deferred;

        /** Set by the debugging API; read by the loop. */
        volatile @Nullable Consumer<TraceEvent> tracer;

        /** Completed once the process is gone; made by the first who waits. Guarded by the server's monitor. */
        @Nullable
        CompletableFuture<ExitReason> exited;

        /** The process is gone and {@link #exitReason} final. Guarded by the server's monitor. */
        boolean gone;

        /**
         * Completed once a pooled server's process has left its node ({@link #gone(Pid, ExitReason)}); made by the
         * first who waits. Guarded by the server's monitor.
         */
        @Nullable
        CompletableFuture<ExitReason> left;

        /** A pooled server's process has left its node. Guarded by the server's monitor. */
        boolean hasLeft;

        /** Counters of the loop, written by the server's thread only. */
        long skippedCalls;

        long unexpectedInfos;
        long unexpectedWindowStart;
        int unexpectedLogged;
        long unexpectedSuppressed;

        /** calls, casts, infos, continues: counted while statistics are on ({@code sys:statistics(S, true)}). */
        long @Nullable [] counts;

        /** The mailbox was last seen over the Flight Recorder high-water mark; server's thread only. */
        boolean overHighWater;

        /**
         * What the loop goes on with when a worker resumes it after it left a caller's thread with work of its own
         * (see {@link io.otp4j.process.spi.Engine#leaveLentThread}); null otherwise. Server's thread only.
         */
        @Nullable
        Next resumeWith;

        boolean unused() {
            return name == null
                    && startup == null
                    && deferred == null
                    && tracer == null
                    && exited == null
                    && !gone
                    && left == null
                    && !hasLeft
                    && skippedCalls == 0
                    && unexpectedInfos == 0
                    && counts == null
                    && !overHighWater
                    && resumeWith == null;
        }
    }

    /** Whether the server gives up its thread while it waits, for a worker of its node to run it again. */
    final boolean pooled;

    /** A pooled server's process starts without a thread: its starter runs {@code init} on its own ({@link Starter}). */
    @Override
    public final boolean startsPooled() {
        return pooled;
    }

    ServerCore(Node node, @Nullable String name, boolean pooled) {
        this.node = node;
        this.pooled = pooled;
        Rare r = new Rare();
        r.name = name;
        r.startup = new CompletableFuture<>();
        this.rare = r;
    }

    /** {@return the rare part, made if there is none yet} */
    final Rare rare() {
        Rare r = rare;
        if (r != null) {
            return r;
        }
        synchronized (this) {
            r = rare;
            if (r == null) {
                r = new Rare();
                rare = r;
            }
            return r;
        }
    }

    /** {@return the rare part if there is one} */
    final @Nullable Rare rareOrNull() {
        return rare;
    }

    /** {@return what the loop goes on with after leaving a caller's thread, cleared} Server's thread only. */
    final Next takeResumeWith() {
        Rare r = rare;
        Next resume = r == null ? null : r.resumeWith;
        if (r == null || resume == null) {
            return Next.none();
        }
        r.resumeWith = null;
        trimRare();
        return resume;
    }

    /** Drops the rare part if nothing uses it any more (after the start, on the server's thread). */
    final void trimRare() {
        Rare r = rare;
        if (r != null && r.unused()) {
            synchronized (this) {
                if (rare == r && r.unused()) {
                    rare = null;
                }
            }
        }
    }

    /** {@return the starter's handshake} (before the server's process has run, the starter holds it too) */
    final CompletableFuture<Startup> startup() {
        CompletableFuture<Startup> s = rare().startup;
        if (s == null) {
            throw new IllegalStateException(this + " has started already");
        }
        return s;
    }

    /** Tells the starter how init went, once; no effect once it has answered. */
    final void answerStart(Startup outcome) {
        Rare r = rare;
        if (r != null) {
            CompletableFuture<Startup> s = r.startup;
            if (s != null) {
                r.startup = null;
                s.complete(outcome);
            }
        }
    }

    /** {@return the server's class, for messages} */
    abstract Class<?> serverClass();

    /** {@return the server's pid} (the node's own until the server's process has started running) */
    abstract Pid pid();

    /** {@return the live server with this pid, if {@code pid} is one} */
    static Optional<ServerCore> of(Pid pid) {
        return Engine.get().extension(pid, ServerCore.class);
    }

    /**
     * Sends a call's envelope to this server's process {@code pid}; fails the call at once if the server is
     * already gone, or going. {@return false if the server's bounded mailbox dropped it}
     *
     * @throws io.otp4j.process.MailboxFullException if the bounded mailbox refused it
     */
    final boolean enqueue(Pid pid, From from) {
        Delivery delivery = node.send(pid, from);
        if (delivery == Delivery.NO_PROCESS) {
            from.fail(ExitReason.noproc()); // already gone: nothing reached it, as gen_server:call's noproc
        } else if (delivery == Delivery.DROPPED) {
            return false;
        } else {
            // The server may have closed its mailbox between our check and our append; its exit reason is
            // recorded before the close, so reading it now catches that case (see the class comment).
            ExitReason reason = exitReason;
            if (reason != null) {
                from.fail(reason);
            }
        }
        return true;
    }

    void defer(From from) {
        Rare r = rare();
        Set<From> owed = r.deferred;
        if (owed == null) {
            owed = ConcurrentHashMap.newKeySet();
            r.deferred = owed;
        }
        from.deferred = true;
        owed.add(from);
        if (!from.isWaiting()) {
            owed.remove(from); // answered (or abandoned) while being deferred
        }
    }

    void forgetDeferred(From from) {
        Rare r = rare; // made before any From is marked deferred, and kept while the set is there
        Set<From> owed = r == null ? null : r.deferred;
        if (owed != null) {
            owed.remove(from);
        }
    }

    /** {@return how many deferred calls the server still owes} */
    int deferredCount() {
        Rare r = rare;
        Set<From> owed = r == null ? null : r.deferred;
        return owed == null ? 0 : owed.size();
    }

    /** {@return the tracer, if someone traces this server} */
    final @Nullable Consumer<TraceEvent> tracer() {
        Rare r = rare;
        return r == null ? null : r.tracer;
    }

    /**
     * Waits at most {@code timeoutNanos} for the server's process to have exited (its exit hook done);
     * {@return its exit reason}
     *
     * @throws TimeoutException if it has not exited in time
     */
    ExitReason awaitExit(long timeoutNanos) throws TimeoutException, InterruptedException {
        return awaitStep(false, timeoutNanos);
    }

    /**
     * Waits at most {@code timeoutNanos} for a step of the process's exit: its exit hook ({@code left} false) or its
     * leaving the node ({@code left} true, told only for a pooled server); {@return the exit reason}
     */
    private ExitReason awaitStep(boolean left, long timeoutNanos) throws TimeoutException, InterruptedException {
        CompletableFuture<ExitReason> step;
        synchronized (this) {
            Rare r = rare();
            if (left ? r.hasLeft : r.gone) {
                return java.util.Objects.requireNonNull(exitReason);
            }
            step = left ? r.left : r.exited;
            if (step == null) {
                step = new CompletableFuture<>();
                if (left) {
                    r.left = step;
                } else {
                    r.exited = step;
                }
            }
        }
        try {
            return step.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a server's exit cannot fail this way", e);
        }
    }

    /** Marks a step of the process's exit as done (see {@link #awaitStep}) and tells whoever waits for it. */
    private void stepDone(boolean left, ExitReason reason) {
        CompletableFuture<ExitReason> step;
        synchronized (this) {
            Rare r = rare();
            if (left) {
                r.hasLeft = true;
                step = r.left;
            } else {
                r.gone = true;
                step = r.exited;
            }
        }
        if (step != null) {
            step.complete(reason);
        }
    }

    /**
     * Waits until the server's process is entirely gone (its names freed, its thread ended), for at most
     * {@code timeoutNanos}; {@return whether it is}
     */
    boolean awaitGone(long timeoutNanos) throws InterruptedException {
        try {
            awaitGoneReason(timeoutNanos);
            return true;
        } catch (TimeoutException e) {
            return false;
        }
    }

    /**
     * Waits, at most {@code timeoutNanos}, until the server's process is entirely gone, as a monitor's Down would
     * tell: its exit hook done, then its names freed and its links and monitors told; {@return its exit reason}
     *
     * @throws TimeoutException if it is not gone in time
     */
    ExitReason awaitGoneReason(long timeoutNanos) throws TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        ExitReason reason = awaitExit(timeoutNanos);
        if (pooled) {
            // Its worker goes on to run other processes: the last step of its exit says that it has gone.
            awaitStep(true, Math.max(0, deadline - System.nanoTime()));
            return reason;
        }
        // The process's last steps (freeing its names, leaving the node) follow the exit hook on its thread.
        Thread t = thread; // set by now: exiting() sets it to the thread the process exits on
        if (t != null && !t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) {
            throw new TimeoutException();
        }
        return reason;
    }

    @Override
    public void gone(Pid pid, ExitReason reason) {
        if (!pooled) {
            return; // its thread ends next: awaitGoneReason joins it
        }
        thread = null;
        stepDone(true, reason);
    }

    @Override
    public void exiting(Pid pid, ExitReason reason) {
        thread = Thread.currentThread(); // killed before its body ran, or while it hibernated
        exitReason = reason;
        answerStart(new Startup.Failed(reason)); // no effect once init has answered
        From call = current;
        if (call != null) {
            call.fail(reason);
        }
        Rare r = rare;
        Set<From> owed = r == null ? null : r.deferred;
        if (owed != null) {
            for (From from : owed) {
                from.fail(reason);
            }
            owed.clear();
        }
    }

    @Override
    public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
        for (Object message : messages) {
            if (message instanceof From from) {
                from.fail(reason);
            }
        }
        stepDone(false, reason);
    }

    /** {@return whether the mailbox was last seen over the Flight Recorder high-water mark} */
    final boolean overHighWater() {
        Rare r = rare;
        return r != null && r.overHighWater;
    }

    /** {@return the name the server was started under, or null} */
    final @Nullable String startName() {
        Rare r = rare;
        return r == null ? null : r.name;
    }

    /** {@return the name the server was registered under at start, or null} */
    @Nullable
    String registeredName() {
        Rare r = rare;
        return r == null ? null : r.name;
    }

    String describe() {
        String name = registeredName();
        return serverClass().getName() + (name == null ? "" : " \"" + name + "\"");
    }

    @Override
    public String toString() {
        return describe() + " " + pid();
    }
}
