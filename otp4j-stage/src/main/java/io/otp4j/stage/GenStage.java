package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.Iterator;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Starting stages, subscribing them to each other, asking and cancelling (Elixir's {@code GenStage}
 * functions), and consuming a stage from plain code as a {@link Stream}.
 *
 * {@snippet class="io.otp4j.stage.GenStageDocSnippetsTest" region="pipeline"}
 *
 * <p>The printer prints 0, 2, 4, ...: the counter emits 0, 1, 2, ... as the doubler asks, and the doubler emits
 * each doubled, as the printer asks, ten at most in flight.
 */
public final class GenStage {

    private GenStage() {}

    /**
     * Starts a stage on {@code node}, not linked to anyone, and waits for its {@link Stage#init}.
     *
     * @param <C> the stage's calls
     * @param <K> the stage's casts
     * @param node the node its process runs on
     * @param stage the stage to run; its {@code init} runs before this returns
     * @return a reference to the running stage, its init done
     * @throws io.otp4j.genserver.StartException if init failed or timed out
     */
    public static <C extends Call<?>, K> StageRef<C, K> start(Node node, Stage<?, ?, ?, C, K> stage) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(stage, "stage");
        return start(node, stage, StartOptions.defaults());
    }

    /**
     * Starts a stage with options (a name, the init timeout, the mailbox); see {@link #start(Node, Stage)}.
     *
     * @param <C> the stage's calls
     * @param <K> the stage's casts
     * @param node the node its process runs on
     * @param stage the stage to run; its {@code init} runs before this returns
     * @param options its name, init timeout and mailbox
     * @return a reference to the running stage, its init done
     */
    public static <C extends Call<?>, K> StageRef<C, K> start(
            Node node, Stage<?, ?, ?, C, K> stage, StartOptions options) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(node, "node");
        return new StageRef<>(GenServer.start(node, server(stage), options));
    }

    /**
     * Starts a stage linked to the calling process; the link exists before {@code init} runs.
     *
     * @param <C> the stage's calls
     * @param <K> the stage's casts
     * @param parent the calling process, linked to the stage
     * @param stage the stage to run; its {@code init} runs before this returns
     * @return a reference to the running stage, its init done
     */
    public static <C extends Call<?>, K> StageRef<C, K> startLink(ProcessContext parent, Stage<?, ?, ?, C, K> stage) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(stage, "stage");
        return startLink(parent, stage, StartOptions.defaults());
    }

    /**
     * Starts a stage linked to the calling process, with options.
     *
     * @param <C> the stage's calls
     * @param <K> the stage's casts
     * @param parent the calling process, linked to the stage
     * @param stage the stage to run; its {@code init} runs before this returns
     * @param options its name, init timeout and mailbox
     * @return a reference to the running stage, its init done
     */
    public static <C extends Call<?>, K> StageRef<C, K> startLink(
            ProcessContext parent, Stage<?, ?, ?, C, K> stage, StartOptions options) {
        Objects.requireNonNull(stage, "stage");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(parent, "parent");
        return new StageRef<>(GenServer.startLink(parent, server(stage), options));
    }

    private static <S, C extends Call<?>, K> GenServer<S, Call<?>, Object> server(Stage<S, ?, ?, C, K> stage) {
        return new StageServer<>(Objects.requireNonNull(stage, "stage"));
    }

    /**
     * Subscribes {@code consumer} to {@code producer} with default options and waits for the consumer to have
     * sent its subscription (GenStage's {@code sync_subscribe}).
     *
     * @param consumer the subscriber: a consumer or producer-consumer
     * @param producer the stage it subscribes to: a producer or producer-consumer
     * @see #subscribe(StageRef, StageRef, SubscribeOptions)
     * @return the subscription, to {@linkplain #ask ask} on or {@linkplain #cancel cancel}
     */
    public static Subscription subscribe(StageRef<?, ?> consumer, StageRef<?, ?> producer) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(producer, "producer");
        return subscribe(consumer, producer, SubscribeOptions.defaults());
    }

    /**
     * Subscribes {@code consumer} (a consumer or producer-consumer) to {@code producer} (a producer or
     * producer-consumer) and waits for the consumer to have sent its subscription (GenStage's {@code
     * sync_subscribe}). The consumer monitors the producer from then on: if the producer is not alive, or
     * refuses the subscription, the subscription ends at once and the consumer's {@link CancelMode} acts.
     *
     * @param consumer the subscriber: a consumer or producer-consumer
     * @param producer the stage it subscribes to: a producer or producer-consumer
     * @param options its demand bounds, cancel mode, and partition or selector for the producer's dispatcher
     * @return the subscription, to {@linkplain #ask ask} on or {@linkplain #cancel cancel}
     * @throws io.otp4j.genserver.ServerExitedException if the consumer is not alive, or is a producer (it
     *     crashes)
     */
    public static Subscription subscribe(StageRef<?, ?> consumer, StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        return consumer.call(new Protocol.SubscribeCall(producer.pid(), options));
    }

    /**
     * Subscribes {@code consumer} to {@code producer} without waiting (GenStage's {@code async_subscribe}).
     *
     * @param consumer the subscriber: a consumer or producer-consumer
     * @param producer the stage it subscribes to: a producer or producer-consumer
     * @param options its demand bounds, cancel mode, and partition or selector for the producer's dispatcher
     */
    public static void asyncSubscribe(StageRef<?, ?> consumer, StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(consumer, "consumer");
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        consumer.node().send(consumer.pid(), new Protocol.AsyncSubscribe(producer.pid(), options));
    }

    /**
     * Asks the producer of {@code subscription} for {@code n} more events (GenStage's {@code ask}): what a
     * consumer with {@linkplain DemandMode#MANUAL manual demand} does. Asking on a subscription that has ended
     * does nothing. May be called from any thread.
     *
     * @param subscription the subscription whose producer is asked
     * @param n how many more events to ask for; at least 1
     * @throws IllegalArgumentException if {@code n} is not positive
     */
    public static void ask(Subscription subscription, long n) {
        Objects.requireNonNull(subscription, "subscription");
        if (n < 1) {
            throw new IllegalArgumentException("a stage is asked for at least 1 event, was asked for " + n);
        }
        subscription.node.send(subscription.producer(), new Protocol.Ask(subscription, n));
    }

    /**
     * Cancels a subscription (GenStage's {@code cancel}): the producer forgets it and tells the consumer,
     * whose {@link Stage#handleCancel} runs and whose {@link CancelMode} then acts, as if the producer had
     * ended it with {@code reason}. May be called from any thread, by either side or anyone else.
     *
     * @param subscription the subscription to end
     * @param reason the reason its consumer's {@code handleCancel} and cancel mode see
     */
    public static void cancel(Subscription subscription, ExitReason reason) {
        Objects.requireNonNull(subscription, "subscription");
        Objects.requireNonNull(reason, "reason");
        subscription.node.send(subscription.producer(), new Protocol.CancelProducer(subscription, reason));
    }

    /**
     * Switches a producer between forwarding demand to {@link Producer#handleDemand} and accumulating it
     * (GenStage's {@code demand/2}). Switching to {@link ProducerDemand#FORWARD} passes on what was held.
     * Returns at once; a consumer ignores it.
     *
     * @param producer a producer or producer-consumer
     * @param mode FORWARD to pass demand to {@code handleDemand}, ACCUMULATE to hold it
     */
    public static void demand(StageRef<?, ?> producer, ProducerDemand mode) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(mode, "mode");
        producer.node().send(producer.pid(), new Protocol.SetDemand(mode));
    }

    /**
     * Starts a producer that emits the elements of {@code source}, as many as asked for, and exits with
     * {@code normal} once they are all emitted (GenStage's {@code from_enumerable}). An empty source exits
     * when its first consumer subscribes. The source is read from the producer's process only.
     *
     * @param <T> the elements
     * @param node the node the producer runs on
     * @param source the elements, iterated once, on the producer's process
     * @return the producer, not linked to the caller
     */
    public static <T> StageRef<NoCall, NoCast> fromIterable(Node node, Iterable<? extends T> source) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(source, "source");
        return start(node, new IterableProducer<T>(source));
    }

    /**
     * Consumes {@code producer} from plain code as a sequential {@link Stream}, with back-pressure (GenStage's
     * {@code stream}): a hidden consumer process asks for {@code options.maxDemand()} events, and for more as
     * the stream takes them, so that at most that many wait in memory. The stream ends when the producer exits
     * (or cancels) with {@code normal}, {@code shutdown} or {@code {shutdown, detail}}; any other reason throws
     * {@link StageExitedException} from the stream's terminal operation. Close the stream to cancel early.
     *
     * @param <T> the events
     * @param producer the producer or producer-consumer to consume
     * @param options the hidden consumer's subscription: {@code maxDemand} is the most events in memory
     * @return a sequential stream of the producer's events, to close when done
     */
    public static <T> Stream<T> stream(StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        StageIterator<T> iterator = iterator(producer, options);
        return StreamSupport.stream(
                        Spliterators.spliteratorUnknownSize(iterator, Spliterator.ORDERED | Spliterator.NONNULL), false)
                .onClose(iterator::close);
    }

    /**
     * Consumes {@code producer} as a {@link Stream} with default options (max demand 1000).
     *
     * @param <T> the events
     * @param producer the producer or producer-consumer to consume
     * @return a sequential stream of the producer's events, to close when done
     */
    public static <T> Stream<T> stream(StageRef<?, ?> producer) {
        Objects.requireNonNull(producer, "producer");
        return stream(producer, SubscribeOptions.defaults());
    }

    /**
     * Consumes {@code producer} from plain code as an {@link Iterator} with back-pressure; see {@link
     * #stream(StageRef, SubscribeOptions)}. Close it to cancel early.
     *
     * @param <T> the events
     * @param producer the producer or producer-consumer to consume
     * @param options the hidden consumer's subscription: {@code maxDemand} is the most events in memory
     * @return an iterator of the producer's events, to close when done
     */
    public static <T> StageIterator<T> iterator(StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        return StageIterator.start(producer, options);
    }
}
