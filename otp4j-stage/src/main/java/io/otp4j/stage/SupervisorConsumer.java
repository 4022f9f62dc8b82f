package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.reply;
import static io.otp4j.stage.StageResults.stop;

import io.otp4j.genserver.From;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/** The consumer behind {@link ConsumerSupervisor}: one linked child per event, demand given back as they end. */
final class SupervisorConsumer<E>
        implements Consumer<SupervisorConsumer.State, E, ConsumerSupervisor.WhichChildren, NoCast> {

    private static final System.Logger LOG = System.getLogger("io.otp4j.stage");

    /** A running child: the event it works on and the subscription whose demand it holds. */
    private record Child(Object event, Subscription from) {}

    /** A subscription's demand: its options and the children that ended since the last ask. */
    private static final class Slots {
        final SubscribeOptions options;
        int ended;

        Slots(SubscribeOptions options) {
            this.options = options;
        }
    }

    /** The supervisor's bookkeeping; touched by its process only. */
    static final class State {
        final Map<Pid, Child> children = new LinkedHashMap<>();
        final Map<Subscription, Slots> slots = new HashMap<>();
        final ArrayDeque<Long> restarts = new ArrayDeque<>();
    }

    private final Function<? super E, ? extends ProcessBody> child;
    private final ConsumerSupervisor.Options options;
    private @Nullable ProcessContext self;

    SupervisorConsumer(Function<? super E, ? extends ProcessBody> child, ConsumerSupervisor.Options options) {
        this.child = child;
        this.options = options;
    }

    private ProcessContext self() {
        return Objects.requireNonNull(self, "self");
    }

    @Override
    public StageInit<State> init(ProcessContext self) {
        this.self = self;
        self.trapExits(true);
        StageInit<State> init = StageInit.of(new State());
        for (StageInit.SubscribeTo to : options.subscribeTo()) {
            init = init.subscribeTo(to.producer(), to.options());
        }
        return init;
    }

    @Override
    public Subscribed<State> handleSubscribe(
            Role role, SubscribeOptions options, Subscription subscription, State state) {
        state.slots.put(subscription, new Slots(options));
        GenStage.ask(subscription, options.maxDemand());
        return Subscribed.manual(state);
    }

    @Override
    public StageResult<State, Void> handleEvents(List<E> events, Subscription from, State state) {
        for (E event : events) {
            start(event, from, state);
        }
        return noReply(state);
    }

    @SuppressWarnings("unchecked") // the event a child was started with is an E
    private void start(Object event, Subscription from, State state) {
        ProcessBody body;
        try {
            body = Objects.requireNonNull(child.apply((E) event), "the child function returned no body");
        } catch (RuntimeException e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    "consumer supervisor " + self().self() + " could not make a child for the event " + event,
                    e);
            ended(from, state);
            return;
        }
        Pid pid = self().spawnLink(body);
        state.children.put(pid, new Child(event, from));
    }

    /** A child of {@code from} is done for good: its slot of demand comes back. */
    private void ended(Subscription from, State state) {
        Slots slots = state.slots.get(from);
        if (slots == null) {
            return; // the subscription ended: nobody to ask
        }
        slots.ended++;
        if (slots.ended >= slots.options.maxDemand() - slots.options.minDemand()) {
            GenStage.ask(from, slots.ended);
            slots.ended = 0;
        }
    }

    @Override
    public StageResult<State, Void> handleInfo(Object message, State state) {
        if (!(message instanceof Exit(Pid pid, ExitReason reason))) {
            return noReply(state);
        }
        Child exited = state.children.remove(pid);
        if (exited == null) {
            // A linked process that is not a child (the parent's exit is handled before this): follow it.
            return reason.isNormal() ? noReply(state) : stop(reason, state);
        }
        if (options.restart() == ConsumerSupervisor.Restart.TRANSIENT && !CancelReason.orderly(reason)) {
            if (!restartAllowed(state)) {
                LOG.log(
                        System.Logger.Level.ERROR,
                        "consumer supervisor {0} shuts down: more than {1} restarts within {2}; the last child"
                                + " exited with {3}",
                        self().self(),
                        options.maxRestarts(),
                        options.period(),
                        reason);
                return stop(ExitReason.shutdown(), state);
            }
            start(exited.event(), exited.from(), state);
            return noReply(state);
        }
        ended(exited.from(), state);
        return noReply(state);
    }

    private boolean restartAllowed(State state) {
        long now = self().node().clock().nanoTime();
        long window = options.period().toNanos();
        while (!state.restarts.isEmpty() && now - state.restarts.peekFirst() >= window) {
            state.restarts.pollFirst();
        }
        state.restarts.addLast(now);
        return state.restarts.size() <= options.maxRestarts();
    }

    @Override
    public StageResult<State, Void> handleCancel(CancelReason reason, Subscription subscription, State state) {
        state.slots.remove(subscription);
        return noReply(state);
    }

    @Override
    public StageCallResult<State, Void> handleCall(ConsumerSupervisor.WhichChildren which, From from, State state) {
        return reply(which, List.copyOf(new ArrayList<>(state.children.keySet())), state);
    }

    @Override
    public void terminate(ExitReason reason, State state) {
        for (Pid pid : state.children.keySet()) {
            self().exit(pid, ExitReason.shutdown());
        }
    }
}
