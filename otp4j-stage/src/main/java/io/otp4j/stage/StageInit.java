package io.otp4j.stage;

import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * What {@link Stage#init} returns: the stage's state and its set-up. Immutable; each {@code with…} returns a
 * copy.
 *
 * <ul>
 *   <li>Producers and producer-consumers: the {@linkplain #withDispatcher dispatcher} (demand by default) and
 *       the {@linkplain #withBuffer buffer} for events emitted that no consumer has asked for yet: 10,000
 *       events keeping the first for a producer, unbounded for a producer-consumer, as in GenStage.
 *   <li>Consumers and producer-consumers: producers to {@linkplain #subscribeTo subscribe to} as the stage
 *       starts (GenStage's {@code :subscribe_to}).
 * </ul>
 *
 * @param state the stage's first state
 * @param subscribeTo subscriptions made at start, in order
 * @param dispatcher the dispatcher of a producer or producer-consumer
 * @param bufferSize the buffer's size; empty for the kind's default
 * @param bufferKeep which events a full buffer keeps
 * @param demand whether a producer passes demand to {@code handleDemand} at once or accumulates it until
 *     {@link GenStage#demand} says to forward it
 * @param <S> the stage's state
 */
public record StageInit<S>(
        S state,
        List<SubscribeTo> subscribeTo,
        Dispatcher dispatcher,
        OptionalInt bufferSize,
        BufferKeep bufferKeep,
        ProducerDemand demand) {

    /** A producer's default buffer size, as in GenStage. */
    public static final int DEFAULT_PRODUCER_BUFFER = 10_000;

    /**
     * A subscription to make as the stage starts.
     *
     * @param producer the producer
     * @param options the subscription's options
     */
    public record SubscribeTo(Pid producer, SubscribeOptions options) {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public SubscribeTo {
            Objects.requireNonNull(producer, "producer");
            Objects.requireNonNull(options, "options");
        }
    }

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public StageInit {
        Objects.requireNonNull(state, "state");
        subscribeTo = List.copyOf(Objects.requireNonNull(subscribeTo, "subscribeTo"));
        Objects.requireNonNull(dispatcher, "dispatcher");
        Objects.requireNonNull(bufferSize, "bufferSize");
        Objects.requireNonNull(bufferKeep, "bufferKeep");
        Objects.requireNonNull(demand, "demand");
        if (bufferSize.isPresent() && bufferSize.getAsInt() < 0) {
            throw new IllegalArgumentException("bufferSize must not be negative, was " + bufferSize.getAsInt());
        }
    }

    /**
     * {@return start with {@code state}, the demand dispatcher and the default buffer}
     *
     * @param <S> the stage's state
     * @param state the stage's first state
     */
    public static <S> StageInit<S> of(S state) {
        Objects.requireNonNull(state, "state");
        return new StageInit<>(
                state, List.of(), Dispatcher.demand(), OptionalInt.empty(), BufferKeep.FIRST, ProducerDemand.FORWARD);
    }

    /**
     * {@return a copy that also subscribes to {@code producer} with default options}
     *
     * @param producer the producer to subscribe to once the stage runs
     */
    public StageInit<S> subscribeTo(StageRef<?, ?> producer) {
        Objects.requireNonNull(producer, "producer");
        return subscribeTo(producer.pid(), SubscribeOptions.defaults());
    }

    /**
     * {@return a copy that also subscribes to {@code producer} with {@code options}}
     *
     * @param producer the producer to subscribe to once the stage runs
     * @param options the subscription's demand bounds, cancel mode, and partition or selector
     */
    public StageInit<S> subscribeTo(StageRef<?, ?> producer, SubscribeOptions options) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        return subscribeTo(producer.pid(), options);
    }

    /**
     * {@return a copy that also subscribes to the producer {@code producer} with {@code options}}
     *
     * @param producer the pid of the producer to subscribe to once the stage runs, of this node or another
     * @param options the subscription's demand bounds, cancel mode, and partition or selector
     */
    public StageInit<S> subscribeTo(Pid producer, SubscribeOptions options) {
        Objects.requireNonNull(producer, "producer");
        Objects.requireNonNull(options, "options");
        List<SubscribeTo> all = new ArrayList<>(subscribeTo);
        all.add(new SubscribeTo(producer, options));
        return new StageInit<>(state, all, dispatcher, bufferSize, bufferKeep, demand);
    }

    /**
     * {@return a copy with this dispatcher}
     *
     * @param dispatcher how the producer hands events to its consumers: by demand, broadcast or partition
     */
    public StageInit<S> withDispatcher(Dispatcher dispatcher) {
        Objects.requireNonNull(dispatcher, "dispatcher");
        return new StageInit<>(state, subscribeTo, dispatcher, bufferSize, bufferKeep, demand);
    }

    /**
     * {@return a copy whose buffer holds at most {@code size} events (0: none), keeping {@code keep}}
     *
     * @param size the most events the buffer holds, not negative; 0 keeps none
     * @param keep which events stay when it is full: the first or the last
     */
    public StageInit<S> withBuffer(int size, BufferKeep keep) {
        Objects.requireNonNull(keep, "keep");
        return new StageInit<>(state, subscribeTo, dispatcher, OptionalInt.of(size), keep, demand);
    }

    /** {@return a copy whose buffer is unbounded} */
    public StageInit<S> withUnboundedBuffer() {
        return new StageInit<>(state, subscribeTo, dispatcher, OptionalInt.of(Integer.MAX_VALUE), bufferKeep, demand);
    }

    /**
     * {@return a copy whose producer accumulates demand instead of passing it on, until {@link GenStage#demand}
     * switches it to {@link ProducerDemand#FORWARD}} Useful to subscribe every consumer before the first event
     * flows (a broadcast producer's late consumers miss what was sent before they came).
     *
     * @param demand ACCUMULATE to hold demand from the start, FORWARD to pass it on (the default)
     */
    public StageInit<S> withDemand(ProducerDemand demand) {
        Objects.requireNonNull(demand, "demand");
        return new StageInit<>(state, subscribeTo, dispatcher, bufferSize, bufferKeep, demand);
    }
}
