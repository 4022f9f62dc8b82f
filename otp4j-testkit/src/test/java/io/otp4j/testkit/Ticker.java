package io.otp4j.testkit;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static io.otp4j.genserver.Results.stop;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.InactivityTimeout;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.TimerRef;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A server with every kind of effect the harness records: it loads its count in a continue, ticks on a timer it
 * sets and cancels, answers "next tick" calls late, stops after being idle, and crashes on demand.
 */
final class Ticker implements GenServer<Ticker.State, Ticker.Req<?>, Ticker.Cmd> {

    static final Duration PERIOD = Duration.ofSeconds(5);
    static final Duration IDLE = Duration.ofSeconds(30);

    record State(ProcessContext self, int ticks, Optional<TimerRef> timer, List<Waiter> waiters) {}

    record Waiter(NextTick request, From from) {}

    sealed interface Req<R> extends Call<R> {}

    record Ticks() implements Req<Integer> {}

    record NextTick() implements Req<Integer> {}

    record Rest() implements Req<String> {}

    sealed interface Cmd {}

    record Start() implements Cmd {}

    record Pause() implements Cmd {}

    record Fail(String why) implements Cmd {}

    record Tick() {}

    /** What terminate saw, for the tests. */
    final List<ExitReason> terminated = new CopyOnWriteArrayList<>();

    @Override
    public Init<State> init(ProcessContext self) {
        self.trapExits(true); // only the process's own thread may: the harness runs init there
        return Init.ok(new State(self, -1, Optional.empty(), List.of())).thenContinue("load");
    }

    @Override
    public Result<State> handleContinue(Object argument, State s) {
        return noReply(new State(s.self(), 0, s.timer(), s.waiters()));
    }

    @Override
    public CallResult<State> handleCall(Req<?> request, From from, State s) {
        return switch (request) {
            case Ticks t -> reply(t, s.ticks(), s);
            case NextTick n -> {
                List<Waiter> waiters = new ArrayList<>(s.waiters());
                waiters.add(new Waiter(n, from));
                yield noReply(new State(s.self(), s.ticks(), s.timer(), waiters));
            }
            case Rest r -> reply(r, "resting", s).withTimeout(IDLE);
        };
    }

    @Override
    public Result<State> handleCast(Cmd command, State s) {
        return switch (command) {
            case Start start -> noReply(arm(s));
            case Pause pause -> {
                s.timer().ifPresent(t -> s.self().node().cancelTimer(t));
                yield noReply(new State(s.self(), s.ticks(), Optional.empty(), s.waiters()));
            }
            case Fail fail -> throw new IllegalStateException(fail.why());
        };
    }

    @Override
    public Result<State> handleInfo(Object message, State s) {
        if (message == InactivityTimeout.INSTANCE) {
            return stop(ExitReason.normal(), s);
        }
        if (message instanceof Tick) {
            int ticks = s.ticks() + 1;
            for (Waiter w : s.waiters()) {
                w.from().reply(w.request(), ticks);
            }
            return noReply(arm(new State(s.self(), ticks, Optional.empty(), List.of())));
        }
        return noReply(s);
    }

    @Override
    public void terminate(ExitReason reason, State s) {
        terminated.add(reason);
    }

    private static State arm(State s) {
        TimerRef timer = s.self().sendAfter(s.self().self(), PERIOD, new Tick());
        return new State(s.self(), s.ticks(), Optional.of(timer), s.waiters());
    }
}
