package io.otp4j.stage;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import java.util.Objects;
import java.util.concurrent.Flow;

/**
 * Stages as {@link java.util.concurrent.Flow} (Reactive Streams) publishers and subscribers, so that stages
 * interoperate with Reactor, RxJava, Pekko Streams and the JDK's own {@code SubmissionPublisher}. Both
 * directions pass the Reactive Streams TCK.
 *
 * <ul>
 *   <li>{@link #publisher}: a producer stage as a {@link Flow.Publisher}. Each {@link Flow.Subscriber} that
 *       subscribes gets a consumer process of its own, subscribed to the stage with manual demand: the
 *       subscriber's {@code request(n)} becomes demand (never more than {@code maxDemand} events in flight),
 *       the stage's events become {@code onNext}, its normal exit or an orderly cancel becomes {@code
 *       onComplete}, any other exit {@code onError} with a {@link StageExitedException}. {@code cancel()}
 *       ends the subscription. Signals come from that consumer process, one at a time.
 *   <li>{@link #subscriber} and {@link #fromPublisher}: a {@link Flow.Subscriber} that feeds a producer
 *       stage. The stage requests from the publisher exactly the demand its consumers send it; {@code
 *       onComplete} makes it exit normally, {@code onError} makes it exit with the error as a crash, and the
 *       stage cancels the publisher's subscription if it exits first.
 * </ul>
 */
public final class FlowAdapters {

    private FlowAdapters() {}

    /**
     * {@return {@code producer} as a publisher; each subscriber's demand is at most 1000 events in flight}
     *
     * @param <T> the items
     * @param producer the producer or producer-consumer to publish
     */
    public static <T> Flow.Publisher<T> publisher(StageRef<?, ?> producer) {
        Objects.requireNonNull(producer, "producer");
        return publisher(producer, SubscribeOptions.defaults());
    }

    /**
     * {@return {@code producer} as a publisher whose subscribers subscribe to it with {@code options}} The
     * options' maximum demand bounds the events in flight per subscriber; their cancel mode is ignored (the
     * subscriber's consumer ends with its subscription).
     *
     * @param <T> the items
     * @param producer the producer or producer-consumer to publish
     * @param options each subscriber's subscription to the producer
     */
    public static <T> Flow.Publisher<T> publisher(StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        return new StagePublisher<>(producer, options.withCancel(CancelMode.TEMPORARY));
    }

    /**
     * Starts a producer stage fed by the subscriber this returns; subscribe that subscriber to a publisher
     * (once) to have the stage emit the publisher's items. {@link StageSubscriber#producer()} is the stage.
     *
     * @param <T> the items
     * @param node the node the producer stage runs on
     * @return the subscriber, which feeds the stage it starts
     */
    public static <T> StageSubscriber<T> subscriber(Node node) {
        Objects.requireNonNull(node, "node");
        return new StageSubscriber<>(GenStage.start(node, new PublisherProducer<T>()));
    }

    /**
     * {@return a producer stage that emits {@code publisher}'s items, as its consumers ask for them}
     *
     * @param <T> the items
     * @param node the node the producer stage runs on
     * @param publisher the publisher whose items the stage emits, subscribed to once
     */
    public static <T> StageRef<NoCall, NoCast> fromPublisher(Node node, Flow.Publisher<? extends T> publisher) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(publisher, "publisher");
        StageSubscriber<T> subscriber = subscriber(node);
        publisher.subscribe(subscriber);
        return subscriber.producer();
    }
}
