package io.otp4j.stage;

import java.util.Objects;
import java.util.function.ToIntFunction;

/**
 * How a producer hands its events to its consumers (GenStage's {@code :dispatcher}), chosen in {@link
 * StageInit#withDispatcher}.
 *
 * <ul>
 *   <li>{@link #demand()} (the default): each batch goes to the consumer with the highest demand; every event
 *       reaches exactly one consumer. Give all consumers the same maximum demand to keep one from being
 *       greedy.
 *   <li>{@link #broadcast()}: every event goes to every consumer (filtered by each one's {@link
 *       SubscribeOptions#selector()}); the producer is asked only for what all of them have asked for.
 *   <li>{@link #partition(int, ToIntFunction)}: each event goes to the one consumer of the partition its key
 *       function names; events for a partition without demand wait in the dispatcher for it.
 * </ul>
 */
public sealed interface Dispatcher {

    /** {@return the demand dispatcher: batches go to the consumer with the highest demand} */
    static Dispatcher demand() {
        return Demand.INSTANCE;
    }

    /** {@return the broadcast dispatcher: every event to every consumer, at the pace of the slowest} */
    static Dispatcher broadcast() {
        return Broadcast.INSTANCE;
    }

    /**
     * {@return the partition dispatcher: {@code partitions} partitions, each event to partition {@code
     * partitionOf(event)}}
     *
     * @param partitions how many partitions; each consumer subscribes to one with {@code
     *     SubscribeOptions.withPartition}
     * @param partitionOf must return a number from 0 to {@code partitions - 1}; another number crashes the
     *     producer with an error naming the event
     */
    static Dispatcher partition(int partitions, ToIntFunction<Object> partitionOf) {
        return new Partition(partitions, partitionOf);
    }

    /**
     * {@return the partition dispatcher, partitioning by {@code event.hashCode()}}
     *
     * @param partitions how many partitions; each consumer subscribes to one with {@code
     *     SubscribeOptions.withPartition}
     */
    static Dispatcher partition(int partitions) {
        return new Partition(partitions, event -> Math.floorMod(event.hashCode(), partitions));
    }

    /** The demand dispatcher. */
    enum Demand implements Dispatcher {
        /** The only value. */
        INSTANCE
    }

    /** The broadcast dispatcher. */
    enum Broadcast implements Dispatcher {
        /** The only value. */
        INSTANCE
    }

    /**
     * The partition dispatcher.
     *
     * @param partitions how many partitions, at least 1
     * @param partitionOf the partition of an event
     */
    record Partition(int partitions, ToIntFunction<Object> partitionOf) implements Dispatcher {
        /** Checks the components; a null or invalid one throws, naming the component and the problem. */
        public Partition {
            Objects.requireNonNull(partitionOf, "partitionOf");
            if (partitions < 1) {
                throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
            }
        }
    }
}
