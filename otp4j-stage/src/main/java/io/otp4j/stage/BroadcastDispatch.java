package io.otp4j.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * The broadcast dispatcher: every event to every consumer, as many events at a time as the consumer with the
 * least demand can take; the rest go to the producer's buffer. The producer is asked only for what every
 * consumer has asked for, less what it still owes ({@code waiting}: passed on, and not yet met by events it
 * emitted or by events drawn from its buffer). A consumer that subscribes late starts with no demand, so it
 * holds the others back until it asks, and never receives what it did not ask for. A consumer's selector filters what it receives; the events it
 * does not select still count against its demand, as in GenStage.
 */
final class BroadcastDispatch implements Dispatch {

    private static final class Sub {
        long demand;
        final Optional<Predicate<Object>> selector;

        Sub(Optional<Predicate<Object>> selector) {
            this.selector = selector;
        }
    }

    private final BiConsumer<Subscription, List<Object>> send;
    private final Map<Subscription, Sub> subs = new LinkedHashMap<>();
    private long waiting;

    BroadcastDispatch(BiConsumer<Subscription, List<Object>> send) {
        this.send = send;
    }

    @Override
    public @Nullable String subscribe(Subscription subscription, SubscribeOptions options) {
        if (options.partition().isPresent()) {
            return "the producer's dispatcher is the broadcast dispatcher, but the subscription names partition "
                    + options.partition().getAsInt();
        }
        subs.put(subscription, new Sub(options.selector()));
        return null;
    }

    @Override
    public long cancel(Subscription subscription) {
        return subs.remove(subscription) == null ? 0 : forward();
    }

    @Override
    public long ask(Subscription subscription, long n) {
        Sub sub = subs.get(subscription);
        if (sub == null) {
            return 0;
        }
        sub.demand = Dispatch.add(sub.demand, n);
        return forward();
    }

    private long minDemand() {
        long min = Long.MAX_VALUE;
        for (Sub sub : subs.values()) {
            min = Math.min(min, sub.demand);
        }
        return subs.isEmpty() ? 0 : min;
    }

    private long forward() {
        long more = minDemand() - waiting;
        if (more <= 0) {
            return 0;
        }
        waiting += more;
        return more;
    }

    @Override
    public List<Object> dispatch(List<Object> events, boolean fresh) {
        int take = (int) Math.min(events.size(), minDemand());
        // Fresh events meet the demand passed on, placed or not; buffered ones were counted when emitted, and
        // count again only as far as they stand in for demand passed on since (the stage is told to produce
        // that much less).
        waiting = Math.max(0, waiting - (fresh ? events.size() : take));
        if (take > 0) {
            List<Object> batch = List.copyOf(events.subList(0, take));
            for (Map.Entry<Subscription, Sub> e : subs.entrySet()) {
                Sub sub = e.getValue();
                sub.demand -= take;
                List<Object> selected = sub.selector.isEmpty()
                        ? batch
                        : batch.stream().filter(sub.selector.get()).toList();
                if (!selected.isEmpty()) {
                    send.accept(e.getKey(), selected);
                }
            }
        }
        return take == events.size() ? List.of() : new ArrayList<>(events.subList(take, events.size()));
    }

    @Override
    public long room() {
        return minDemand();
    }

    @Override
    public int size() {
        return subs.size();
    }
}
