package io.otp4j.stage;

import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * A producer's dispatcher at work (GenStage's {@code Dispatcher} behaviour): it tracks each consumer's
 * demand, says how much of it to pass on to the producer, and hands events out. Runs on the producer's
 * process only.
 *
 * <p>The one promise every implementation keeps: no consumer receives more events than it has asked for.
 * Events it cannot place now are returned (to go into the producer's buffer) or kept by the dispatcher.
 */
sealed interface Dispatch permits DemandDispatch, BroadcastDispatch, PartitionDispatch {

    /** {@return a dispatch for {@code config} that sends batches with {@code send}} */
    static Dispatch of(Dispatcher config, BiConsumer<Subscription, List<Object>> send) {
        return switch (config) {
            case Dispatcher.Demand d -> new DemandDispatch(send);
            case Dispatcher.Broadcast b -> new BroadcastDispatch(send);
            case Dispatcher.Partition p -> new PartitionDispatch(p, send);
        };
    }

    /** {@return null if the subscription is accepted, else why it is refused} */
    @Nullable
    String subscribe(Subscription subscription, SubscribeOptions options);

    /** Forgets a subscription. {@return demand to pass on to the producer now} */
    long cancel(Subscription subscription);

    /** Records that a consumer asked for {@code n} more. {@return demand to pass on to the producer now} */
    long ask(Subscription subscription, long n);

    /**
     * Hands out events: {@code fresh} ones the producer just emitted, or ones from its buffer.
     *
     * @return the events no consumer could take now, in order
     */
    List<Object> dispatch(List<Object> events, boolean fresh);

    /** {@return how many events {@link #dispatch} would place now} */
    long room();

    /** {@return how many consumers are subscribed} */
    int size();

    /** {@return {@code a + b}, or {@link Long#MAX_VALUE} if that overflows} */
    static long add(long a, long b) {
        long sum = a + b;
        return ((a ^ sum) & (b ^ sum)) < 0 ? Long.MAX_VALUE : sum;
    }
}
