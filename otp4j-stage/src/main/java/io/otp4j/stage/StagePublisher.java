package io.otp4j.stage;

import java.util.Objects;
import java.util.concurrent.Flow;

/** A producer stage as a {@link Flow.Publisher}: each subscriber gets a consumer process of its own. */
final class StagePublisher<T> implements Flow.Publisher<T> {

    private final StageRef<?, ?> producer;
    private final SubscribeOptions options;

    StagePublisher(StageRef<?, ?> producer, SubscribeOptions options) {
        this.producer = producer;
        this.options = options;
    }

    @Override
    public void subscribe(Flow.Subscriber<? super T> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber"); // Reactive Streams rule 1.9
        try {
            GenStage.start(producer.node(), new SubscriberConsumer<>(producer, options, subscriber));
        } catch (RuntimeException e) {
            // The consumer could not start (the node is closing): the subscriber still hears of it, in order.
            subscriber.onSubscribe(SubscriberConsumer.CANCELLED);
            subscriber.onError(e);
        }
    }

    @Override
    public String toString() {
        return "StagePublisher[" + producer.pid() + "]";
    }
}
