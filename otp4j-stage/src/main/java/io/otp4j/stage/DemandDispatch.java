package io.otp4j.stage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The demand dispatcher: each batch goes to the consumer with the highest demand (the earliest subscribed
 * among equals). Demand of a consumer that leaves stays owed by the producer ({@code pending}) and absorbs
 * the next asks, so the producer is never asked for more than its consumers can take.
 */
final class DemandDispatch implements Dispatch {

    private final BiConsumer<Subscription, List<Object>> send;
    private final Map<Subscription, long[]> demands = new LinkedHashMap<>();
    private long pending;

    DemandDispatch(BiConsumer<Subscription, List<Object>> send) {
        this.send = send;
    }

    @Override
    public @Nullable String subscribe(Subscription subscription, SubscribeOptions options) {
        if (options.partition().isPresent()) {
            return "the producer's dispatcher is not a partition dispatcher, but the subscription names partition "
                    + options.partition().getAsInt();
        }
        demands.put(subscription, new long[1]);
        return null;
    }

    @Override
    public long cancel(Subscription subscription) {
        long[] demand = demands.remove(subscription);
        if (demand != null) {
            pending = Dispatch.add(pending, demand[0]);
        }
        return 0;
    }

    @Override
    public long ask(Subscription subscription, long n) {
        long[] demand = demands.get(subscription);
        if (demand == null) {
            return 0;
        }
        demand[0] = Dispatch.add(demand[0], n);
        long absorbed = Math.min(pending, n);
        pending -= absorbed;
        return n - absorbed;
    }

    @Override
    public List<Object> dispatch(List<Object> events, boolean fresh) {
        int from = 0;
        while (from < events.size()) {
            Subscription best = null;
            long[] bestDemand = null;
            for (Map.Entry<Subscription, long[]> e : demands.entrySet()) {
                if (e.getValue()[0] > 0 && (bestDemand == null || e.getValue()[0] > bestDemand[0])) {
                    best = e.getKey();
                    bestDemand = e.getValue();
                }
            }
            if (best == null || bestDemand == null) {
                break;
            }
            int take = (int) Math.min(bestDemand[0], events.size() - from);
            bestDemand[0] -= take;
            send.accept(best, List.copyOf(events.subList(from, from + take)));
            from += take;
        }
        return from == events.size() ? List.of() : new ArrayList<>(events.subList(from, events.size()));
    }

    @Override
    public long room() {
        long room = 0;
        for (long[] demand : demands.values()) {
            room = Dispatch.add(room, demand[0]);
        }
        return room;
    }

    @Override
    public int size() {
        return demands.size();
    }
}
