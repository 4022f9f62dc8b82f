package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The engine of a stage: a GenServer that speaks the stage protocol in {@code handleInfo} and passes calls,
 * casts and other messages to the user's {@link Stage}. It owns the demand bookkeeping of both sides, the
 * dispatcher and the buffer. All its fields are touched by the stage's own process only.
 *
 * <p>While one message is handled, several user callbacks may run (a batch of events split in several,
 * emitted events served from the buffer...): the current state and a pending stop live in fields for the
 * length of the message, and the GenServer result is built from them at the end.
 *
 * <p>As a GenServer it takes any call and cast: its own protocol's calls besides the stage's {@code C}, and the
 * stage's {@code K}, which only a {@link StageRef StageRef&lt;C, K&gt;} sends.
 */
final class StageServer<S, C extends Call<?>, K> implements GenServer<S, Call<?>, Object> {

    private static final System.Logger LOG = System.getLogger("io.otp4j.stage");

    private enum Kind {
        PRODUCER,
        PRODUCER_CONSUMER,
        CONSUMER
    }

    /** The consumer side of one subscription. */
    private static final class Upstream {
        final SubscribeOptions options;
        final MonitorRef monitor;
        DemandMode mode = DemandMode.AUTOMATIC;
        /** Events asked for and not yet handled (automatic mode). */
        long inFlight;
        /** Events received and waiting in a producer-consumer's queue. */
        long queued;

        Upstream(SubscribeOptions options, MonitorRef monitor) {
            this.options = options;
            this.monitor = monitor;
        }

        int batchSize() {
            return options.maxDemand() - options.minDemand();
        }
    }

    /** Events a producer-consumer received and has not yet handled, for lack of demand downstream. */
    private static final class Received {
        final Subscription from;
        final List<Object> events;
        int next;

        Received(Subscription from, List<Object> events) {
            this.from = from;
            this.events = events;
        }
    }

    private final Stage<S, ?, ?, C, K> stage;
    private final Kind kind;

    private @Nullable ProcessContext self;

    // the state of the message being handled, and a stop asked for while handling it
    private @Nullable S state;
    private @Nullable ExitReason stopping;
    /** An orderly exit a producer-consumer puts off until the events it holds have gone downstream. */
    private @Nullable ExitReason exitWhenDrained;

    // producer side
    private @Nullable Dispatch dispatch;
    private @Nullable Buffer buffer;
    private final Map<Subscription, MonitorRef> downstream = new LinkedHashMap<>();
    private final Map<MonitorRef, Subscription> downstreamMonitors = new HashMap<>();

    // consumer side
    private final Map<Subscription, Upstream> upstream = new LinkedHashMap<>();
    private final Map<MonitorRef, Subscription> upstreamMonitors = new HashMap<>();

    // a producer that accumulates demand, and the demand it holds
    private ProducerDemand producerDemand = ProducerDemand.FORWARD;
    private long accumulated;

    // producer-consumer: demand from downstream not yet used, and events waiting for it
    private long downstreamDemand;
    private final ArrayDeque<Received> received = new ArrayDeque<>();

    StageServer(Stage<S, ?, ?, C, K> stage) {
        this.stage = stage;
        this.kind = switch (stage) {
            case Producer<?, ?, ?, ?> p -> Kind.PRODUCER;
            case ProducerConsumer<?, ?, ?, ?, ?> pc -> Kind.PRODUCER_CONSUMER;
            case Consumer<?, ?, ?, ?> c -> Kind.CONSUMER;
        };
    }

    // ------------------------------------------------------------------ GenServer callbacks

    @Override
    public Init<S> init(ProcessContext self) throws Exception {
        this.self = self;
        StageInit<S> init = stage.init(self);
        state = init.state();
        if (kind == Kind.CONSUMER) {
            if (init.bufferSize().isPresent() || !(init.dispatcher() instanceof Dispatcher.Demand)) {
                throw new IllegalArgumentException(
                        stage.getClass().getName() + " is a consumer: it has no dispatcher or buffer to set up");
            }
        } else {
            dispatch = Dispatch.of(init.dispatcher(), this::sendEvents);
            int size = init.bufferSize()
                    .orElse(kind == Kind.PRODUCER ? StageInit.DEFAULT_PRODUCER_BUFFER : Integer.MAX_VALUE);
            buffer = new Buffer(size, init.bufferKeep());
            producerDemand = init.demand();
        }
        if (kind == Kind.PRODUCER && !init.subscribeTo().isEmpty()) {
            throw new IllegalArgumentException(
                    stage.getClass().getName() + " is a producer: it cannot subscribe to " + init.subscribeTo());
        }
        for (StageInit.SubscribeTo to : init.subscribeTo()) {
            subscribe(to.producer(), to.options());
        }
        S first = current();
        state = null;
        return Init.ok(first);
    }

    @Override
    @SuppressWarnings("unchecked") // a reply has the type of its request's reply: the user's factory checked it
    public CallResult<S> handleCall(Call<?> request, From from, S state) throws Exception {
        this.state = state;
        if (request instanceof Protocol.SubscribeCall call) {
            Subscription subscription = subscribe(call.producer(), call.options());
            return Results.reply(call, subscription, current());
        }
        if (request instanceof Protocol.StatisticsCall call) {
            return Results.reply(call, statistics(), current());
        }
        StageCallResult<S, ?> result = stage.handleCall((C) request, from, state); // not the protocol's: a C
        if (result instanceof StageCallResult.Reply<S, ?> reply) {
            this.state = reply.state();
            emit(reply.events());
            if (stopping != null) {
                return Results.stopReply(stopping, (Call<Object>) request, reply.value(), current());
            }
            return Results.reply((Call<Object>) request, reply.value(), current());
        }
        apply((StageResult<S, ?>) result);
        return callOutcome();
    }

    @Override
    @SuppressWarnings("unchecked") // a cast to a stage comes from a StageRef<C, K>: a K
    public Result<S> handleCast(Object request, S state) throws Exception {
        this.state = state;
        apply(stage.handleCast((K) request, state));
        return outcome();
    }

    @Override
    public Result<S> handleInfo(Object message, S state) throws Exception {
        this.state = state;
        switch (message) {
            case Protocol.Events m -> onEvents(m.subscription(), m.events());
            case Protocol.Ask m -> onAsk(m.subscription(), m.n());
            case Protocol.Subscribe m -> onSubscribe(m.subscription(), m.options());
            case Protocol.CancelProducer m -> onCancelProducer(m.subscription(), m.reason());
            case Protocol.CancelConsumer m -> onCancelConsumer(m.subscription(), m.reason());
            case Protocol.AsyncSubscribe m -> subscribe(m.producer(), m.options());
            case Protocol.SetDemand m -> setDemand(m.demand());
            case Down down when downstreamMonitors.containsKey(down.ref()) -> onConsumerDown(down);
            case Down down when upstreamMonitors.containsKey(down.ref()) -> onProducerDown(down);
            default -> apply(stage.handleInfo(message, state));
        }
        return outcome();
    }

    @Override
    public void terminate(ExitReason reason, S state) throws Exception {
        stage.terminate(reason, state);
    }

    // ------------------------------------------------------------------ results

    private S current() {
        S s = state;
        if (s == null) {
            throw new IllegalStateException("no state outside a callback");
        }
        return s;
    }

    private void apply(StageResult<S, ?> result) {
        switch (result) {
            case StageResult.Emit<S, ?> emit -> {
                state = emit.state();
                emit(emit.events());
            }
            case StageResult.Stop<S, ?> stop -> {
                state = stop.state();
                stop(stop.reason());
            }
        }
    }

    private void stop(ExitReason reason) {
        if (stopping == null) {
            stopping = reason;
        }
    }

    private Result<S> outcome() {
        exitIfDrained();
        S s = current();
        state = null;
        return stopping != null ? Results.stop(stopping, s) : Results.noReply(s);
    }

    private CallResult<S> callOutcome() {
        exitIfDrained();
        S s = current();
        state = null;
        return stopping != null ? Results.stop(stopping, s) : Results.noReply(s);
    }

    private void exitIfDrained() {
        ExitReason reason = exitWhenDrained;
        if (reason != null && received.isEmpty() && buffer().isEmpty()) {
            stop(reason);
        }
    }

    private ProcessContext self() {
        ProcessContext s = self;
        if (s == null) {
            throw new IllegalStateException("the stage has not started");
        }
        return s;
    }

    // ------------------------------------------------------------------ producer side

    @SuppressWarnings("unchecked") // events are passed by reference, whatever their type
    private void emit(List<?> events) {
        if (events.isEmpty()) {
            return;
        }
        if (kind == Kind.CONSUMER) {
            throw new IllegalStateException(stage.getClass().getName()
                    + " is a consumer and cannot emit events, but emitted " + events.size() + ": " + events);
        }
        dispatchEvents((List<Object>) events);
    }

    private void dispatchEvents(List<Object> events) {
        List<Object> left = dispatch().dispatch(events, true);
        if (!left.isEmpty()) {
            Buffer b = buffer();
            int dropped = b.add(left);
            if (dropped > 0) {
                LOG.log(
                        System.Logger.Level.WARNING,
                        "stage {0} discarded {1} events from its buffer (size {2}, keeping {3}); {4} discarded so"
                                + " far",
                        self().self(),
                        dropped,
                        b.capacity(),
                        b.keep(),
                        b.discarded());
            }
        }
    }

    private void sendEvents(Subscription subscription, List<Object> events) {
        self().send(subscription.consumer(), new Protocol.Events(subscription, events));
    }

    private Dispatch dispatch() {
        Dispatch d = dispatch;
        if (d == null) {
            throw new IllegalStateException("a consumer has no dispatcher");
        }
        return d;
    }

    private Buffer buffer() {
        Buffer b = buffer;
        if (b == null) {
            throw new IllegalStateException("a consumer has no buffer");
        }
        return b;
    }

    private void onSubscribe(Subscription subscription, SubscribeOptions options) throws Exception {
        if (kind == Kind.CONSUMER) {
            self().send(
                            subscription.consumer(),
                            new Protocol.CancelConsumer(
                                    subscription, ExitReason.custom("not a producer: " + self().self())));
            return;
        }
        String refused = dispatch().subscribe(subscription, options);
        if (refused != null) {
            LOG.log(System.Logger.Level.WARNING, "stage {0} refused {1}: {2}", self().self(), subscription, refused);
            self().send(subscription.consumer(), new Protocol.CancelConsumer(subscription, ExitReason.custom(refused)));
            return;
        }
        MonitorRef ref = self().monitor(subscription.consumer());
        downstream.put(subscription, ref);
        downstreamMonitors.put(ref, subscription);
        state = stage.handleSubscribe(Stage.Role.PRODUCER, options, subscription, current())
                .state();
    }

    private void onAsk(Subscription subscription, long n) throws Exception {
        if (kind == Kind.CONSUMER || !downstream.containsKey(subscription)) {
            return; // a subscription that ended, or never was: its demand counts for nothing
        }
        demand(dispatch().ask(subscription, n));
    }

    private void setDemand(ProducerDemand demand) throws Exception {
        if (kind == Kind.CONSUMER) {
            return;
        }
        producerDemand = demand;
        if (demand == ProducerDemand.FORWARD && accumulated > 0) {
            long held = accumulated;
            accumulated = 0;
            demand(held);
        }
    }

    /**
     * New demand for the producer. Buffered events go out first, as far as the dispatcher can place them (not
     * only as far as this demand goes: a broadcast dispatcher may have had demand from every consumer that was
     * passed on before the last one subscribed), and they count against {@code counter}; what remains is held
     * while accumulating, or else goes to the stage.
     */
    private void demand(long counter) throws Exception {
        Buffer b = buffer();
        long room = dispatch().room();
        if (room > 0 && !b.isEmpty()) {
            List<Object> taken = b.take(room);
            List<Object> left = dispatch().dispatch(taken, false);
            b.putBack(left);
            counter = Math.max(0, counter - (taken.size() - left.size()));
        }
        if (producerDemand == ProducerDemand.ACCUMULATE) {
            accumulated = Dispatch.add(accumulated, counter);
            return;
        }
        if (counter <= 0 || stopping != null) {
            return;
        }
        if (stage instanceof Producer<?, ?, ?, ?> producer) {
            apply(handleDemand(producer, counter));
        } else {
            downstreamDemand = Dispatch.add(downstreamDemand, counter);
            takeReceived();
        }
    }

    @SuppressWarnings("unchecked") // the stage's own state type: S
    private StageResult<S, ?> handleDemand(Producer<?, ?, ?, ?> producer, long counter) throws Exception {
        return ((Producer<S, ?, ?, ?>) producer).handleDemand(counter, current());
    }

    private void onCancelProducer(Subscription subscription, ExitReason reason) throws Exception {
        MonitorRef ref = downstream.remove(subscription);
        self().send(subscription.consumer(), new Protocol.CancelConsumer(subscription, reason));
        if (ref == null) {
            return;
        }
        downstreamMonitors.remove(ref);
        self().demonitor(ref, true);
        consumerGone(subscription, new CancelReason(CancelReason.Kind.CANCEL, reason));
    }

    private void onConsumerDown(Down down) throws Exception {
        Subscription subscription = downstreamMonitors.remove(down.ref());
        if (subscription == null) {
            return;
        }
        downstream.remove(subscription);
        consumerGone(subscription, new CancelReason(CancelReason.Kind.DOWN, down.reason()));
    }

    private void consumerGone(Subscription subscription, CancelReason reason) throws Exception {
        long more = dispatch().cancel(subscription);
        apply(stage.handleCancel(reason, subscription, current()));
        if (more > 0) {
            demand(more);
        }
    }

    // ------------------------------------------------------------------ consumer side

    private Subscription subscribe(Pid producer, SubscribeOptions options) throws Exception {
        if (kind == Kind.PRODUCER) {
            throw new IllegalStateException(
                    stage.getClass().getName() + " is a producer: it cannot subscribe to " + producer);
        }
        ProcessContext me = self();
        Subscription subscription = Subscription.create(me.node(), producer, me.self());
        MonitorRef monitor = me.monitor(producer);
        Upstream up = new Upstream(options, monitor);
        upstream.put(subscription, up);
        upstreamMonitors.put(monitor, subscription);
        me.send(producer, new Protocol.Subscribe(subscription, options));
        Subscribed<S> subscribed = stage.handleSubscribe(Stage.Role.CONSUMER, options, subscription, current());
        state = subscribed.state();
        up.mode = subscribed.mode();
        if (up.mode == DemandMode.AUTOMATIC) {
            up.inFlight = options.maxDemand();
            me.send(producer, new Protocol.Ask(subscription, options.maxDemand()));
        }
        return subscription;
    }

    private void onEvents(Subscription from, List<Object> events) throws Exception {
        Upstream up = upstream.get(from);
        if (up == null || kind == Kind.PRODUCER) {
            return; // from a subscription that ended: dropped, as in GenStage
        }
        if (up.mode == DemandMode.AUTOMATIC && events.size() > up.inFlight - up.queued) {
            throw new IllegalStateException(from.producer() + " sent " + events.size() + " events on " + from
                    + " but only " + (up.inFlight - up.queued) + " were asked for");
        }
        if (kind == Kind.CONSUMER) {
            int step = up.mode == DemandMode.AUTOMATIC ? up.batchSize() : events.size();
            for (int i = 0; i < events.size() && stopping == null; i += step) {
                List<Object> batch = events.subList(i, Math.min(events.size(), i + step));
                handleEvents(batch, from);
                handled(from, batch.size());
            }
        } else {
            up.queued += events.size();
            received.add(new Received(from, events));
            takeReceived();
        }
    }

    /** A producer-consumer handles waiting events as far as the demand downstream goes. */
    private void takeReceived() throws Exception {
        while (downstreamDemand > 0 && stopping == null && !received.isEmpty()) {
            Received head = received.peek();
            Upstream up = upstream.get(head.from);
            int step = up != null && up.mode == DemandMode.AUTOMATIC ? up.batchSize() : Integer.MAX_VALUE;
            int take = (int) Math.min(Math.min(downstreamDemand, head.events.size() - head.next), step);
            List<Object> batch = head.events.subList(head.next, head.next + take);
            head.next += take;
            if (head.next == head.events.size()) {
                received.poll();
            }
            downstreamDemand -= take;
            if (up != null) {
                up.queued -= take;
            }
            handleEvents(batch, head.from);
            handled(head.from, take);
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"}) // the events are the stage's input type, passed by reference
    private void handleEvents(List<Object> batch, Subscription from) throws Exception {
        List<Object> events = List.copyOf(batch);
        StageResult<S, ?> result = switch (stage) {
            case Consumer c -> (StageResult<S, ?>) c.handleEvents(events, from, current());
            case ProducerConsumer pc -> (StageResult<S, ?>) pc.handleEvents(events, from, current());
            case Producer<?, ?, ?, ?> p -> throw new IllegalStateException("a producer handles no events");
        };
        apply(result);
    }

    /** {@code n} events of {@code from} were handled: an automatic subscription asks for more when due. */
    private void handled(Subscription from, int n) {
        Upstream up = upstream.get(from);
        if (up == null || up.mode != DemandMode.AUTOMATIC) {
            return;
        }
        up.inFlight -= n;
        if (up.inFlight <= up.options.minDemand()) {
            long more = up.options.maxDemand() - up.inFlight;
            up.inFlight = up.options.maxDemand();
            self().send(from.producer(), new Protocol.Ask(from, more));
        }
    }

    private void onCancelConsumer(Subscription subscription, ExitReason reason) throws Exception {
        Upstream up = upstream.remove(subscription);
        if (up == null) {
            return;
        }
        upstreamMonitors.remove(up.monitor);
        self().demonitor(up.monitor, true);
        producerGone(subscription, up, new CancelReason(CancelReason.Kind.CANCEL, reason));
    }

    private void onProducerDown(Down down) throws Exception {
        Subscription subscription = upstreamMonitors.remove(down.ref());
        Upstream up = subscription == null ? null : upstream.remove(subscription);
        if (subscription == null || up == null) {
            return;
        }
        producerGone(subscription, up, new CancelReason(CancelReason.Kind.DOWN, down.reason()));
    }

    private void producerGone(Subscription subscription, Upstream up, CancelReason reason) throws Exception {
        apply(stage.handleCancel(reason, subscription, current()));
        boolean exit = switch (up.options.cancel()) {
            case PERMANENT -> true;
            case TRANSIENT -> !reason.isOrderly();
            case TEMPORARY -> false;
        };
        if (!exit) {
            return;
        }
        if (kind == Kind.PRODUCER_CONSUMER && reason.isOrderly() && (!received.isEmpty() || !buffer().isEmpty())) {
            // Beyond GenStage: events already taken in are not dropped by an orderly end upstream; the stage
            // exits once its consumers have asked for them.
            if (exitWhenDrained == null) {
                exitWhenDrained = reason.reason();
            }
        } else {
            stop(reason.reason());
        }
    }

    // ------------------------------------------------------------------ introspection

    private StageStatistics statistics() {
        int buffered = buffer == null ? 0 : buffer.size();
        if (dispatch instanceof PartitionDispatch partitions) {
            buffered += partitions.queued();
        }
        return new StageStatistics(
                downstream.size(), upstream.size(), buffered, buffer == null ? 0 : buffer.discarded());
    }
}
