package io.otp4j.stage;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Delivery;
import java.util.Objects;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A {@link Flow.Subscriber} that feeds a producer stage, from {@link FlowAdapters#subscriber}. Its methods only
 * pass the signal to the stage's mailbox, so they never block the publisher. It accepts one subscription;
 * a second one is cancelled at once (Reactive Streams rule 2.5).
 *
 * @param <T> the items
 */
public final class StageSubscriber<T> implements Flow.Subscriber<T> {

    /** The signals, as messages to the producer stage. */
    record OnSubscribe(Flow.Subscription subscription) {}

    record OnNext(Object item) {}

    record OnError(Throwable error) {}

    enum OnComplete {
        INSTANCE
    }

    private final StageRef<NoCall, NoCast> producer;
    private final AtomicBoolean subscribed = new AtomicBoolean();

    StageSubscriber(StageRef<NoCall, NoCast> producer) {
        this.producer = producer;
    }

    /** {@return the producer stage this subscriber feeds} */
    public StageRef<NoCall, NoCast> producer() {
        return producer;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        Objects.requireNonNull(subscription, "subscription");
        if (!subscribed.compareAndSet(false, true)) {
            subscription.cancel();
            return;
        }
        if (send(new OnSubscribe(subscription)) == Delivery.NO_PROCESS) {
            subscription.cancel(); // the stage is gone: nobody will ever ask for items
        }
    }

    @Override
    public void onNext(T item) {
        send(new OnNext(Objects.requireNonNull(item, "item")));
    }

    @Override
    public void onError(Throwable error) {
        send(new OnError(Objects.requireNonNull(error, "error")));
    }

    @Override
    public void onComplete() {
        send(OnComplete.INSTANCE);
    }

    private Delivery send(Object signal) {
        return producer.node().send(producer.pid(), signal);
    }

    @Override
    public String toString() {
        return "StageSubscriber[" + producer.pid() + "]";
    }
}
