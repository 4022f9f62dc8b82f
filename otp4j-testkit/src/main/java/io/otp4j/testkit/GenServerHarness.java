package io.otp4j.testkit;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Runs one {@link GenServer}'s callbacks step by step, in lockstep with the test, and records what they did:
 * replies (at once or deferred through {@link From}), timers set and cancelled, continues, inactivity timeouts,
 * hibernation, info messages handled, and the stop. Time is a {@link ManualClock}: nothing fires until the test
 * {@linkplain #advance advances} it, and then every timer due fires in order and its message is handled before
 * {@code advance} returns.
 *
 * {@snippet class=io.otp4j.testkit.GenServerHarnessExampleTest region=harness}
 *
 * <h2>How it runs</h2>
 *
 * The callbacks are the server's own, called with the generic server's own {@link From} and result shapes; what
 * a callback returns is acted on as the server loop does (reply, {@code handleContinue} before anything else,
 * inactivity timeout, {@code terminate} after a stop or a throw). They run in a process of their own on the node,
 * so that their {@code self} is a real process that can trap exits, link, monitor and set timers. Each method of
 * the harness hands that process one step and waits for it to finish (at most 10 s), so no callback ever runs
 * between two lines of the test and a callback's exception is recorded as the crash it would be.
 *
 * <p>Messages reach {@code handleInfo} through the process's mailbox: what the test {@linkplain #send sends},
 * what a timer delivers, what the server sends itself. Each method that runs a step delivers everything waiting
 * there before it returns.
 *
 * <p>A callback whose result awaits a message ({@code Results.awaiting}) finishes once that message is sent: until
 * then the server takes no other message, which waits in the mailbox and is handled after it, in order, and a call or
 * cast is refused with an {@link IllegalStateException}, where a server would queue it.
 *
 * <p>Timers are recorded when aimed at the server itself ({@code self.sendAfter(self.self(), ...)}): one set and
 * cancelled within the same callback leaves no record. A harness is for one test thread.
 *
 * @param <S> the server's state
 * @param <C> its calls
 * @param <K> its casts
 */
public final class GenServerHarness<S, C extends Call<?>, K> implements AutoCloseable {

    /** Messages delivered to {@code handleInfo} in one step, at most, before the harness calls it a loop. */
    public static final int MESSAGE_LIMIT = 10_000;

    private static final AtomicLong NODES = new AtomicLong();

    private final GenServer<S, C, K> server;
    private final Node node;
    private final ManualClock clock;
    private final boolean ownNode;
    private final HarnessProcess process;
    private final ServerSteps<S> steps;
    private int seen;

    private GenServerHarness(GenServer<S, C, K> server, Node node, ManualClock clock, boolean ownNode) {
        this.server = server;
        this.node = node;
        this.clock = clock;
        this.ownNode = ownNode;
        this.steps = new ServerSteps<>(server);
        this.process = new HarnessProcess(node);
        process.run(self -> {
            steps.init(self, process);
            return steps.drainMailbox(self, process, MESSAGE_LIMIT);
        });
    }

    /**
     * Starts {@code server} on a node of its own, on a {@link ManualClock} at zero, and runs its {@code init};
     * {@link #close} closes the node.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param server the server to run, whose {@code init} runs before this returns
     * @return the harness, holding the server's state after {@code init} and the effects init recorded
     */
    public static <S, C extends Call<?>, K> GenServerHarness<S, C, K> start(GenServer<S, C, K> server) {
        Objects.requireNonNull(server, "server");
        ManualClock clock = new ManualClock();
        Node node = Node.start("harness-" + NODES.incrementAndGet(), clock);
        try {
            return new GenServerHarness<>(server, node, clock, true);
        } catch (RuntimeException | Error e) {
            node.close();
            throw e;
        }
    }

    /**
     * Starts {@code server} on {@code node}, whose clock must be a {@link ManualClock} (as {@link OtpExtension}
     * gives a test that asks for one), and runs its {@code init}. The node stays open after {@link #close}.
     *
     * @param <S> the server's state
     * @param <C> the server's calls
     * @param <K> the server's casts
     * @param node the node to run it on, on a {@link ManualClock}; the harness does not close it
     * @param server the server to run, whose {@code init} runs before this returns
     * @return the harness, holding the server's state after {@code init} and the effects init recorded
     * @throws IllegalArgumentException if the node's clock is not a {@code ManualClock}
     */
    public static <S, C extends Call<?>, K> GenServerHarness<S, C, K> start(Node node, GenServer<S, C, K> server) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(server, "server");
        if (!(node.clock() instanceof ManualClock clock)) {
            throw new IllegalArgumentException("a harness needs a node on a ManualClock, but " + node + " runs on "
                    + node.clock() + ": start it with Node.start(name, new ManualClock())");
        }
        return new GenServerHarness<>(server, node, clock, false);
    }

    /** {@return the pid of the process the callbacks run in: their {@code self.self()}} */
    public Pid pid() {
        return process.pid();
    }

    /** {@return the node the server runs on} */
    public Node node() {
        return node;
    }

    /** {@return the clock the server's timers run on} */
    public ManualClock clock() {
        return clock;
    }

    /**
     * {@return the server's state after the last step}
     *
     * @throws IllegalStateException if {@code init} did not produce one (it ignored, stopped or threw)
     */
    public S state() {
        S s = steps.state();
        if (s == null) {
            throw new IllegalStateException("the server has no state: its init ended with " + steps.stopped());
        }
        return s;
    }

    /** {@return whether the server has stopped} */
    public boolean isStopped() {
        return steps.stopped() != null;
    }

    /**
     * {@return why the server stopped}
     *
     * @throws IllegalStateException if it has not
     */
    public ExitReason stopReason() {
        ExitReason reason = steps.stopped();
        if (reason == null) {
            throw new IllegalStateException("the server has not stopped; its state is " + steps.state());
        }
        return reason;
    }

    /**
     * Calls the server, runs {@code handleCall} and returns its reply.
     *
     * @param <R> the reply's type
     * @param request the call, handled by {@code handleCall} on the test's thread
     * @return the server's reply
     * @throws AssertionError if the server did not reply during the step: it deferred the reply ({@link
     *     #callDeferred} is for those) or stopped without one
     * @throws IllegalStateException if the server awaits a message ({@link #isAwaiting})
     */
    public <R> R call(Call<R> request) {
        return callDeferred(request).expectReply();
    }

    /**
     * Calls the server and runs {@code handleCall}; the reply may come now or in a later step, through the call's
     * {@link From}.
     *
     * @param <R> the reply's type
     * @param request the call, handled by {@code handleCall} on the test's thread
     * @return the pending reply: answered now or by a later step, or never
     * @throws IllegalStateException if the server awaits a message ({@link #isAwaiting})
     */
    @SuppressWarnings("unchecked")
    public <R> PendingReply<R> callDeferred(Call<R> request) {
        Objects.requireNonNull(request, "request");
        notAwaiting("call " + request);
        PendingReply<R> pending = new PendingReply<>(request);
        step(() -> "call " + request, self -> {
            boolean[] direct = new boolean[1];
            From from = steps.from(self.self(), request, pending, direct);
            steps.handle(self, process, s -> server.handleCall((C) request, from, s), from, request, direct);
        });
        return pending;
    }

    /**
     * {@return whether the last callback's result awaits a message ({@code Results.awaiting})} It finishes at the
     * step that takes that message: the test {@linkplain #send sends} it, a timer delivers it ({@link #advance}), or
     * {@link #drainMailbox} finds it once another process or thread has sent it.
     */
    public boolean isAwaiting() {
        return steps.awaiting();
    }

    /** Refuses {@code what} while the server awaits a message: a server would queue it until that message came. */
    private void notAwaiting(String what) {
        if (steps.awaiting()) {
            throw new IllegalStateException("cannot " + what + ": the server awaits a message (Results.awaiting) and"
                    + " takes nothing else until it comes; send the message it awaits first");
        }
    }

    /**
     * Casts {@code request} to the server and runs {@code handleCast}.
     *
     * @param request the cast, handled by {@code handleCast} before this returns
     * @throws IllegalStateException if the server awaits a message ({@link #isAwaiting})
     */
    public void cast(K request) {
        Objects.requireNonNull(request, "request");
        notAwaiting("cast " + request);
        step(
                () -> "cast " + request,
                self -> steps.handle(self, process, s -> server.handleCast(request, s), null, null, new boolean[1]));
    }

    /**
     * Sends {@code message} to the server's mailbox and delivers it, and anything before it, to {@code handleInfo}.
     *
     * @param message any message; it and the messages before it are handled by {@code handleInfo} before this returns
     */
    public void send(Object message) {
        Objects.requireNonNull(message, "message");
        step(() -> "send " + message, self -> self.send(self.self(), message));
    }

    /**
     * Moves the clock forward by {@code step}, in order of deadlines: each timer of the server that comes due
     * fires, and its message is handled, before time moves on; an inactivity timeout that expires first delivers
     * {@link io.otp4j.genserver.InactivityTimeout#INSTANCE}. Timers of other processes on the node fire too.
     *
     * @param step how far to move the clock; Duration.ZERO fires only what is due now, never negative
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("time cannot go back: step was " + step);
        }
        long target = saturatedAdd(clock.nanoTime(), step);
        for (int round = 0; round <= MESSAGE_LIMIT; round++) {
            long now = clock.nanoTime();
            long due = target;
            boolean inactivity = false;
            if (!isStopped()) {
                for (Duration left : process.run(steps::timersLeft)) {
                    due = Math.min(due, saturatedAdd(now, left));
                }
                Long inactiveAt = steps.inactiveAt();
                if (inactiveAt != null && inactiveAt <= due) {
                    due = inactiveAt;
                    inactivity = true;
                }
            }
            clock.advance(Duration.ofNanos(due - now));
            if (isStopped()) {
                return;
            }
            boolean expired = inactivity;
            long reached = due;
            step(() -> "advance to " + Duration.ofNanos(reached), self -> {
                if (steps.drainMailbox(self, process, MESSAGE_LIMIT) == 0 && expired) {
                    steps.inactive(self, process);
                }
            });
            if (due >= target) {
                return;
            }
        }
        throw new IllegalStateException("more than " + MESSAGE_LIMIT + " timers came due within " + step);
    }

    /**
     * Delivers the messages waiting in the server's mailbox to {@code handleInfo}.
     *
     * @return how many
     */
    public int drainMailbox() {
        if (isStopped()) {
            return 0;
        }
        return process.run(self -> steps.drainMailbox(self, process, MESSAGE_LIMIT));
    }

    /** {@return every effect recorded since the server started, in order} */
    public List<Effect> effects() {
        return List.copyOf(steps.effects());
    }

    /** {@return the effects recorded since the last call of this method (or since the start), in order} */
    public List<Effect> newEffects() {
        List<Effect> all = effects();
        List<Effect> fresh = List.copyOf(all.subList(seen, all.size()));
        seen = all.size();
        return fresh;
    }

    /**
     * Stops the server as its supervisor would: {@code terminate} runs with {@code reason}, whether or not the
     * server traps exits.
     *
     * @param reason the exit reason {@code terminate} receives (shutdown, as a supervisor's, say)
     * @throws IllegalStateException if it has stopped already
     */
    public void stop(ExitReason reason) {
        Objects.requireNonNull(reason, "reason");
        step(() -> "stop " + reason, self -> steps.terminate(process, reason));
    }

    /** Ends the server's process if it still runs, and closes the node if the harness started it. */
    @Override
    public void close() {
        try {
            if (!isStopped()) {
                node.exit(process.pid(), ExitReason.kill());
                node.await(process.pid(), HarnessProcess.STEP_LIMIT);
            }
        } finally {
            if (ownNode) {
                node.close();
            }
        }
    }

    @Override
    public String toString() {
        return "GenServerHarness[" + server.getClass().getName() + " in " + process.pid()
                + (isStopped() ? ", stopped: " + steps.stopped() : "") + "]";
    }

    private interface Action {
        void run(ProcessContext self);
    }

    private void step(Supplier<String> what, Action action) {
        ExitReason stopped = steps.stopped();
        if (stopped != null) {
            throw new IllegalStateException("cannot " + what.get() + ": the server stopped with " + stopped);
        }
        process.run(self -> {
            action.run(self);
            return steps.drainMailbox(self, process, MESSAGE_LIMIT);
        });
    }

    private static long saturatedAdd(long now, Duration d) {
        long nanos;
        try {
            nanos = d.toNanos();
        } catch (ArithmeticException e) {
            nanos = Long.MAX_VALUE;
        }
        return now + nanos < now ? Long.MAX_VALUE : now + nanos;
    }
}
