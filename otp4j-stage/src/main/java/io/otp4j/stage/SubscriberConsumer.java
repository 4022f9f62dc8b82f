package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.stop;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * The consumer process behind one {@link Flow.Subscriber} of a {@link StagePublisher}. It subscribes to the
 * producer with manual demand and asks for what the subscriber requested, at most {@code maxDemand} events
 * in flight. Every signal to the subscriber is sent from this process, so they never overlap (rule 1.3), and
 * none follows a terminal one or a cancel.
 */
final class SubscriberConsumer<T> implements Consumer<SubscriberConsumer.State<T>, T, NoCall, NoCast> {

    private static final System.Logger LOG = System.getLogger("io.otp4j.stage");

    /** A subscription that does nothing: for a subscriber that is told of a failure at once. */
    static final Flow.Subscription CANCELLED = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private record Request(long n) {}

    private enum Cancel {
        INSTANCE
    }

    /** The subscriber's side: what it requested, what is in flight, and whether it is done. */
    static final class State<T> {
        Flow.@Nullable Subscriber<? super T> subscriber;

        @Nullable
        Subscription subscription;

        long requested;
        long inFlight;
    }

    /** The subscription the subscriber holds: its calls become messages to this consumer. */
    private static final class Handle implements Flow.Subscription {
        private final Node node;
        private final Pid consumer;
        volatile boolean cancelled;

        Handle(Node node, Pid consumer) {
            this.node = node;
            this.consumer = consumer;
        }

        @Override
        public void request(long n) {
            if (!cancelled) {
                node.send(consumer, new Request(n));
            }
        }

        @Override
        public void cancel() {
            cancelled = true;
            node.send(consumer, Cancel.INSTANCE);
        }
    }

    private final StageRef<?, ?> producer;
    private final SubscribeOptions options;
    private final Flow.Subscriber<? super T> subscriber;
    private @Nullable Handle handle;

    SubscriberConsumer(StageRef<?, ?> producer, SubscribeOptions options, Flow.Subscriber<? super T> subscriber) {
        this.producer = producer;
        this.options = options;
        this.subscriber = subscriber;
    }

    @Override
    public StageInit<State<T>> init(ProcessContext self) {
        handle = new Handle(self.node(), self.self());
        State<T> state = new State<>();
        state.subscriber = subscriber;
        return StageInit.of(state).subscribeTo(producer, options);
    }

    @Override
    public Subscribed<State<T>> handleSubscribe(
            Role role, SubscribeOptions options, Subscription subscription, State<T> state) {
        state.subscription = subscription;
        Flow.Subscriber<? super T> s = state.subscriber;
        if (s != null) {
            try {
                s.onSubscribe(handle());
            } catch (RuntimeException e) {
                broken(state, "onSubscribe", e);
            }
        }
        return Subscribed.manual(state);
    }

    private Handle handle() {
        Handle h = handle;
        if (h == null) {
            throw new IllegalStateException("not started");
        }
        return h;
    }

    @Override
    @SuppressWarnings("unchecked") // the producer's events are the subscriber's items
    public StageResult<State<T>, Void> handleEvents(List<T> events, Subscription from, State<T> state) {
        state.inFlight -= events.size();
        if (state.requested != Long.MAX_VALUE) {
            state.requested -= events.size();
        }
        for (T event : events) {
            Flow.Subscriber<? super T> s = state.subscriber;
            if (s == null || handle().cancelled) {
                return done(state);
            }
            try {
                s.onNext(event);
            } catch (RuntimeException e) {
                broken(state, "onNext", e);
                return done(state);
            }
        }
        askMore(state);
        return noReply(state);
    }

    @Override
    public StageResult<State<T>, Void> handleInfo(Object message, State<T> state) {
        if (message == Cancel.INSTANCE) {
            return done(state);
        }
        if (message instanceof Request(long n) && state.subscriber != null) {
            if (n <= 0) {
                // Rule 3.9: a non-positive request is answered with onError, and the subscription ends.
                terminal(
                        state,
                        new IllegalArgumentException("Reactive Streams rule 3.9: request(n) needs n > 0, was " + n));
                return done(state);
            }
            state.requested = Dispatch.add(state.requested, n);
            askMore(state);
        }
        return noReply(state);
    }

    /** Keeps up to {@code maxDemand} events in flight, never more than the subscriber requested. */
    private void askMore(State<T> state) {
        Subscription subscription = state.subscription;
        if (subscription == null || state.subscriber == null) {
            return;
        }
        long want = Math.min(state.requested, options.maxDemand()) - state.inFlight;
        if (want > 0) {
            state.inFlight += want;
            GenStage.ask(subscription, want);
        }
    }

    @Override
    public StageResult<State<T>, Void> handleCancel(CancelReason reason, Subscription subscription, State<T> state) {
        if (state.subscriber != null && !handle().cancelled) {
            terminal(state, reason.isOrderly() ? null : new StageExitedException(producer.pid(), reason.reason()));
        }
        return done(state);
    }

    /** Signals onComplete (no error) or onError, once. */
    private void terminal(State<T> state, @Nullable Throwable error) {
        Flow.Subscriber<? super T> s = state.subscriber;
        state.subscriber = null;
        if (s == null) {
            return;
        }
        try {
            if (error == null) {
                s.onComplete();
            } else {
                s.onError(error);
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "the subscriber " + s + " threw from a terminal signal", e);
        }
    }

    /** A subscriber that throws breaks the rules (2.13): it is considered cancelled, and the failure logged. */
    private void broken(State<T> state, String signal, RuntimeException e) {
        LOG.log(
                System.Logger.Level.WARNING,
                "the subscriber " + state.subscriber + " threw from " + signal + "; its subscription is cancelled",
                e);
        state.subscriber = null;
        handle().cancelled = true;
    }

    /** Ends: the subscriber is forgotten, the process exits normally, and the producer sees it go. */
    private StageResult<State<T>, Void> done(State<T> state) {
        state.subscriber = null;
        return stop(ExitReason.normal(), state);
    }
}
