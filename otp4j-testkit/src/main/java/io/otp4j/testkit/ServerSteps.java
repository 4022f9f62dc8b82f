package io.otp4j.testkit;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.InactivityTimeout;
import io.otp4j.genserver.spi.CallAnswer;
import io.otp4j.genserver.spi.Callbacks;
import io.otp4j.genserver.spi.Outcome;
import io.otp4j.genserver.spi.Refusal;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.TimerRef;
import io.otp4j.process.spi.Engine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;

/**
 * What {@link GenServerHarness} does in the server's process: runs one callback, reads its result through the
 * generic server's own {@link Callbacks}, and does what the server loop would do with it (reply, continue, set the
 * inactivity timeout, stop and terminate), recording each effect. Every method but {@link #effects} and the
 * answers of deferred replies runs on the server's process.
 */
final class ServerSteps<S> {

    private static final Callbacks CALLBACKS = Callbacks.get();
    private static final Engine ENGINE = Engine.get();

    /** How many continues in a row one step may run before the harness calls it a loop. */
    static final int CONTINUE_LIMIT = 10_000;

    /** A callback to run on the current state. */
    @FunctionalInterface
    interface Callback<S> {
        CallResult<S> apply(S state) throws Exception;
    }

    private final GenServer<S, ?, ?> server;
    private final List<Effect> effects = new CopyOnWriteArrayList<>();
    private final List<PendingReply<?>> unanswered = new CopyOnWriteArrayList<>();
    private volatile @Nullable S state;
    private volatile @Nullable ExitReason stopped;
    /** When the inactivity timeout asked for expires, on the node's clock; null for none. */
    private volatile @Nullable Long inactiveAt;
    /** The message the last callback's result awaits, and the call it answers, if any; null for none. */
    private volatile @Nullable Waiting waiting;

    /** A result that awaits a message ({@code Results.awaiting}), of the call {@code request} if it has one. */
    private record Waiting(
            Outcome.Awaiting awaiting,
            @Nullable From from,
            @Nullable Call<?> request,
            boolean[] direct) {}

    ServerSteps(GenServer<S, ?, ?> server) {
        this.server = Objects.requireNonNull(server, "server");
    }

    List<Effect> effects() {
        return effects;
    }

    @Nullable
    S state() {
        return state;
    }

    @Nullable
    ExitReason stopped() {
        return stopped;
    }

    @Nullable
    Long inactiveAt() {
        return inactiveAt;
    }

    /** {@return whether the last callback's result awaits a message} */
    boolean awaiting() {
        return waiting != null;
    }

    /** Runs {@code init}; {@code end} is told the reason the process must end with, if it must. */
    @SuppressWarnings("unchecked")
    void init(ProcessContext self, HarnessProcess process) {
        Map<TimerRef, Object> before = ENGINE.timers(self);
        Outcome outcome;
        try {
            outcome = CALLBACKS.outcome(server.init(self));
        } catch (Exception e) {
            recordTimers(self, before);
            stop(process, ExitReason.crash(e));
            return;
        }
        recordTimers(self, before);
        switch (outcome.shape()) {
            case INIT_OK -> {
                state = (S) Objects.requireNonNull(outcome.state());
                next(self, process, outcome, null, null, new boolean[1]);
            }
            case IGNORE -> {
                effects.add(new Effect.Ignored());
                stopped = ExitReason.normal();
                process.endAfterStep(ExitReason.normal());
            }
            default -> stop(process, Objects.requireNonNull(outcome.reason()));
        }
    }

    /** Makes the {@link From} of a call whose answers go to {@code pending}. */
    From from(Pid pid, Call<?> request, PendingReply<?> pending, boolean[] direct) {
        unanswered.add(pending);
        return CALLBACKS.from(pid, request, new CallAnswer() {
            @Override
            public void replied(Object value) {
                pending.replied(value);
                unanswered.remove(pending);
                effects.add(new Effect.Replied(request, value, !direct[0]));
            }

            @Override
            public void exited(ExitReason reason) {
                pending.failed(reason);
            }

            @Override
            public void refused(Refusal refusal, String detail) {
                pending.failed(ExitReason.noproc());
            }
        });
    }

    /**
     * Runs one message's callback and what follows it. {@code from} and {@code direct} are the call's, for a
     * call: {@code direct[0]} is true while the harness itself replies with what the callback returned.
     */
    void handle(
            ProcessContext self,
            HarnessProcess process,
            Callback<S> callback,
            @Nullable From from,
            @Nullable Call<?> request,
            boolean[] direct) {
        S current = Objects.requireNonNull(state);
        run(self, process, () -> CALLBACKS.outcome(callback.apply(current)), from, request, direct);
    }

    /** A callback's outcome, read. */
    @FunctionalInterface
    private interface Step {
        Outcome run() throws Exception;
    }

    /**
     * Runs a step's callback and acts on its outcome: replies to {@code request}'s caller if it replies, stops if
     * it stops, and goes on as it asks.
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    private void run(
            ProcessContext self,
            HarnessProcess process,
            Step step,
            @Nullable From from,
            @Nullable Call<?> request,
            boolean[] direct) {
        inactiveAt = null; // any message cancels the inactivity timeout
        Map<TimerRef, Object> before = ENGINE.timers(self);
        try {
            Outcome outcome = step.run();
            recordTimers(self, before);
            Object next = outcome.state();
            state = (S) Objects.requireNonNull(next);
            if (outcome.reply() != null && from != null && request != null) {
                direct[0] = true;
                try {
                    from.reply((Call) request, outcome.reply());
                } finally {
                    direct[0] = false;
                }
            }
            if (outcome.reason() != null) {
                terminate(process, outcome.reason());
                return;
            }
            next(self, process, outcome, from, request, direct);
        } catch (Exception e) {
            recordTimers(self, before);
            terminate(process, ExitReason.crash(e));
        }
    }

    /**
     * Delivers every message waiting in the server's mailbox to {@code handleInfo}, in order; returns how many. While
     * a result awaits a message, only that message is taken, and the others wait for it, as in the server loop.
     */
    int drainMailbox(ProcessContext self, HarnessProcess process, int limit) {
        int handled = 0;
        while (stopped == null) {
            Waiting w = waiting;
            Optional<Object> message = w == null
                    ? self.receive(Duration.ZERO)
                    : self.receive(w.awaiting().match(), Duration.ZERO);
            if (message.isEmpty()) {
                return handled;
            }
            if (++handled > limit) {
                throw new IllegalStateException("the server handled " + limit
                        + " messages in one step and more kept coming: does it send itself a message for each?");
            }
            if (w == null) {
                info(self, process, message.get());
            } else {
                answered(self, process, w, message.get());
            }
        }
        return handled;
    }

    /** Finishes the callback whose result awaited {@code answer}: its {@code then} gives the outcome. */
    private void answered(ProcessContext self, HarnessProcess process, Waiting w, Object answer) {
        waiting = null;
        effects.add(new Effect.Awaited(answer));
        run(
                self,
                process,
                () -> {
                    Outcome outcome = w.awaiting().then().apply(answer);
                    if (w.from() == null && outcome.reply() != null) {
                        // As the server loop: a cast's, an info's or a continue's await has no caller to answer.
                        throw new IllegalStateException("the result awaited " + answer + " replies " + outcome.reply()
                                + ", but it finishes a callback that has no caller to reply to");
                    }
                    return outcome;
                },
                w.from(),
                w.request(),
                w.direct());
    }

    /** Runs {@code handleInfo} with {@code message}. */
    void info(ProcessContext self, HarnessProcess process, Object message) {
        effects.add(new Effect.InfoHandled(message));
        handle(self, process, s -> server.handleInfo(message, s), null, null, new boolean[1]);
    }

    /** Runs {@code handleInfo} with the inactivity timeout, which has expired. */
    void inactive(ProcessContext self, HarnessProcess process) {
        info(self, process, InactivityTimeout.INSTANCE);
    }

    /** {@return the time left on each timer aimed at the server} */
    List<Duration> timersLeft(ProcessContext self) {
        List<Duration> left = new ArrayList<>();
        Node node = self.node();
        for (TimerRef timer : ENGINE.timers(self).keySet()) {
            node.readTimer(timer).ifPresent(left::add);
        }
        return left;
    }

    /** Acts on what {@code outcome} asks for before the next message; {@code from} and the rest are its call's. */
    private void next(
            ProcessContext self,
            HarnessProcess process,
            Outcome outcome,
            @Nullable From from,
            @Nullable Call<?> request,
            boolean[] direct) {
        Outcome current = outcome;
        for (int i = 0; i < CONTINUE_LIMIT; i++) {
            Outcome.Awaiting awaiting = current.awaiting();
            if (awaiting != null) {
                // A continue has no caller: only the first outcome's await answers the call.
                waiting = i == 0
                        ? new Waiting(awaiting, from, request, direct)
                        : new Waiting(awaiting, null, null, direct);
                return;
            }
            if (current.hibernate()) {
                effects.add(new Effect.Hibernated());
            }
            Duration timeout = current.timeout();
            if (timeout != null) {
                effects.add(new Effect.TimeoutSet(timeout));
                long now = self.node().clock().nanoTime();
                long nanos = saturatedNanos(timeout);
                inactiveAt = now + nanos < now ? Long.MAX_VALUE : now + nanos;
            }
            Object argument = current.continueWith();
            if (argument == null || stopped != null) {
                return;
            }
            effects.add(new Effect.Continued(argument));
            Map<TimerRef, Object> before = ENGINE.timers(self);
            S s = Objects.requireNonNull(state);
            try {
                current = CALLBACKS.outcome(server.handleContinue(argument, s));
            } catch (Exception e) {
                recordTimers(self, before);
                terminate(process, ExitReason.crash(e));
                return;
            }
            recordTimers(self, before);
            @SuppressWarnings("unchecked")
            S next = (S) Objects.requireNonNull(current.state());
            state = next;
            if (current.reason() != null) {
                terminate(process, current.reason());
                return;
            }
        }
        throw new IllegalStateException("the server continued " + CONTINUE_LIMIT + " times in a row without waiting");
    }

    /** Runs {@code terminate}, as the server loop does after a stop or a crash, then stops. */
    void terminate(HarnessProcess process, ExitReason reason) {
        ExitReason end = reason;
        try {
            server.terminate(reason, Objects.requireNonNull(state));
        } catch (Exception e) {
            end = ExitReason.crash(e);
        }
        stop(process, end);
    }

    private void stop(HarnessProcess process, ExitReason reason) {
        inactiveAt = null;
        waiting = null;
        stopped = reason;
        effects.add(new Effect.Stopped(reason));
        for (PendingReply<?> pending : unanswered) {
            pending.failed(reason);
        }
        unanswered.clear();
        process.endAfterStep(reason);
    }

    /** Records the timers aimed at the server that appeared (set) or went (cancelled) while a callback ran. */
    private void recordTimers(ProcessContext self, Map<TimerRef, Object> before) {
        Map<TimerRef, Object> after = ENGINE.timers(self);
        for (Map.Entry<TimerRef, Object> t : before.entrySet()) {
            if (!after.containsKey(t.getKey())) {
                effects.add(new Effect.TimerCancelled(t.getKey(), t.getValue()));
            }
        }
        Node node = self.node();
        for (Map.Entry<TimerRef, Object> t : after.entrySet()) {
            if (!before.containsKey(t.getKey())) {
                Duration left = node.readTimer(t.getKey()).orElse(Duration.ZERO);
                effects.add(new Effect.TimerSet(t.getKey(), t.getValue(), left));
            }
        }
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException e) {
            return Long.MAX_VALUE;
        }
    }
}
