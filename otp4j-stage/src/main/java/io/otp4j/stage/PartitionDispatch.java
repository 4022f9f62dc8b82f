package io.otp4j.stage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The partition dispatcher: each event goes to the consumer of the partition its key function names, one
 * consumer per partition. Each consumer's demand is passed on to the producer in full, as in GenStage: the
 * producer cannot tell which partition its next events fall in. Events for a partition without demand (or
 * without a consumer yet) wait in that partition's queue, in order, and serve its next demand first; so with
 * keys unevenly spread, the busy partitions' events pile up there (GenStage's "even distribution" caveat).
 * The producer is asked for no more than the consumers asked ({@code waiting}); what it emits beyond that
 * goes back to its buffer.
 */
final class PartitionDispatch implements Dispatch {

    private static final class Partition {
        @Nullable
        Subscription subscription;

        long demand;
        final ArrayDeque<Object> queue = new ArrayDeque<>();
    }

    private final BiConsumer<Subscription, List<Object>> send;
    private final Dispatcher.Partition config;
    private final Partition[] partitions;
    /** Demand passed on to the producer and not yet met by dispatched events. */
    private long waiting;

    PartitionDispatch(Dispatcher.Partition config, BiConsumer<Subscription, List<Object>> send) {
        this.config = config;
        this.send = send;
        this.partitions = new Partition[config.partitions()];
        for (int i = 0; i < partitions.length; i++) {
            partitions[i] = new Partition();
        }
    }

    @Override
    public @Nullable String subscribe(Subscription subscription, SubscribeOptions options) {
        if (options.partition().isEmpty()) {
            return "the producer has a partition dispatcher with " + partitions.length
                    + " partitions; the subscription must name one";
        }
        int p = options.partition().getAsInt();
        if (p >= partitions.length) {
            return "partition " + p + " does not exist: the producer has " + partitions.length + " partitions";
        }
        if (partitions[p].subscription != null) {
            return "partition " + p + " already has a consumer: " + partitions[p].subscription;
        }
        partitions[p].subscription = subscription;
        partitions[p].demand = 0;
        return null;
    }

    private @Nullable Partition of(Subscription subscription) {
        for (Partition p : partitions) {
            if (subscription.equals(p.subscription)) {
                return p;
            }
        }
        return null;
    }

    @Override
    public long cancel(Subscription subscription) {
        Partition p = of(subscription);
        if (p != null) {
            p.subscription = null;
            p.demand = 0;
        }
        return 0;
    }

    @Override
    public long ask(Subscription subscription, long n) {
        Partition p = of(subscription);
        if (p == null) {
            return 0;
        }
        int served = (int) Math.min(n, p.queue.size());
        if (served > 0) {
            List<Object> batch = new ArrayList<>(served);
            for (int i = 0; i < served; i++) {
                batch.add(p.queue.poll());
            }
            send.accept(subscription, List.copyOf(batch));
        }
        p.demand = Dispatch.add(p.demand, n - served);
        waiting = Dispatch.add(waiting, n);
        return n;
    }

    @Override
    public List<Object> dispatch(List<Object> all, boolean fresh) {
        int now = (int) Math.min(all.size(), waiting);
        waiting -= now;
        List<Object> events = all.subList(0, now);
        List<List<Object>> batches = new ArrayList<>(partitions.length);
        for (int i = 0; i < partitions.length; i++) {
            batches.add(new ArrayList<>());
        }
        for (Object event : events) {
            int p = config.partitionOf().applyAsInt(event);
            if (p < 0 || p >= partitions.length) {
                throw new IllegalStateException("the partition function put the event " + event + " in partition "
                        + p + ", but there are " + partitions.length + " partitions (0 to " + (partitions.length - 1)
                        + ")");
            }
            Partition partition = partitions[p];
            if (partition.subscription != null && partition.demand > 0 && partition.queue.isEmpty()) {
                partition.demand--;
                batches.get(p).add(event);
            } else {
                partition.queue.add(event);
            }
        }
        for (int i = 0; i < partitions.length; i++) {
            Subscription subscription = partitions[i].subscription;
            if (!batches.get(i).isEmpty() && subscription != null) {
                send.accept(subscription, List.copyOf(batches.get(i)));
            }
        }
        return now == all.size() ? List.of() : new ArrayList<>(all.subList(now, all.size()));
    }

    /** {@return how many events wait in partition queues} */
    int queued() {
        int n = 0;
        for (Partition p : partitions) {
            n += p.queue.size();
        }
        return n;
    }

    @Override
    public long room() {
        return waiting;
    }

    @Override
    public int size() {
        int n = 0;
        for (Partition p : partitions) {
            n += p.subscription != null ? 1 : 0;
        }
        return n;
    }
}
