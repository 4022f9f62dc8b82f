package io.otp4j.stage;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Predicate;

/**
 * How a consumer subscribes to a producer. Immutable; each {@code with…} returns a copy.
 *
 * @param minDemand when the events in flight (asked for, not yet handled) fall to this, an automatic
 *     subscription asks for more; at least 0 and below {@code maxDemand}
 * @param maxDemand the most events in flight; an automatic subscription asks for this many at first
 * @param cancel what the consumer does when the subscription ends
 * @param partition the partition to consume, for a producer with a {@link Dispatcher#partition partition
 *     dispatcher} (required there, refused elsewhere)
 * @param selector for a producer with a {@link Dispatcher#broadcast() broadcast dispatcher}: which events this
 *     consumer receives; the others still count against its demand, as in GenStage
 */
public record SubscribeOptions(
        int minDemand, int maxDemand, CancelMode cancel, OptionalInt partition, Optional<Predicate<Object>> selector) {

    /** GenStage's default maximum demand. */
    public static final int DEFAULT_MAX_DEMAND = 1000;

    private static final SubscribeOptions DEFAULTS = new SubscribeOptions(
            DEFAULT_MAX_DEMAND / 2, DEFAULT_MAX_DEMAND, CancelMode.PERMANENT, OptionalInt.empty(), Optional.empty());

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public SubscribeOptions {
        Objects.requireNonNull(cancel, "cancel");
        Objects.requireNonNull(partition, "partition");
        Objects.requireNonNull(selector, "selector");
        if (maxDemand < 1) {
            throw new IllegalArgumentException("maxDemand must be at least 1, was " + maxDemand);
        }
        if (minDemand < 0 || minDemand >= maxDemand) {
            throw new IllegalArgumentException(
                    "minDemand must be at least 0 and below maxDemand " + maxDemand + ", was " + minDemand);
        }
        if (partition.isPresent() && partition.getAsInt() < 0) {
            throw new IllegalArgumentException("partition must not be negative, was " + partition.getAsInt());
        }
    }

    /** {@return max demand 1000, min demand 500, cancel permanent, no partition, no selector} */
    public static SubscribeOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy with this maximum demand and, as GenStage's default, half of it as the minimum}
     *
     * @param maxDemand the most events in flight to the consumer; at least 1
     */
    public SubscribeOptions withMaxDemand(int maxDemand) {
        if (maxDemand < 1) {
            throw new IllegalArgumentException("maxDemand must be at least 1, was " + maxDemand);
        }
        return new SubscribeOptions(maxDemand / 2, maxDemand, cancel, partition, selector);
    }

    /**
     * {@return a copy with this minimum and maximum demand}
     *
     * @param minDemand the events in flight at which the consumer asks again; below {@code maxDemand}, not negative
     * @param maxDemand the most events in flight to the consumer; at least 1
     */
    public SubscribeOptions withDemand(int minDemand, int maxDemand) {
        return new SubscribeOptions(minDemand, maxDemand, cancel, partition, selector);
    }

    /**
     * {@return a copy with this cancel mode}
     *
     * @param cancel what the consumer does when the subscription ends
     */
    public SubscribeOptions withCancel(CancelMode cancel) {
        Objects.requireNonNull(cancel, "cancel");
        return new SubscribeOptions(minDemand, maxDemand, cancel, partition, selector);
    }

    /**
     * {@return a copy that consumes partition {@code partition} of a partitioned producer}
     *
     * @param partition the partition to consume, from 0 to the producer's partitions - 1
     */
    public SubscribeOptions withPartition(int partition) {
        return new SubscribeOptions(minDemand, maxDemand, cancel, OptionalInt.of(partition), selector);
    }

    /**
     * {@return a copy that receives only the broadcast events {@code selector} accepts}
     *
     * @param selector accepts the events this consumer gets from a broadcast producer
     */
    public SubscribeOptions withSelector(Predicate<Object> selector) {
        return new SubscribeOptions(
                minDemand, maxDemand, cancel, partition, Optional.of(Objects.requireNonNull(selector, "selector")));
    }
}
