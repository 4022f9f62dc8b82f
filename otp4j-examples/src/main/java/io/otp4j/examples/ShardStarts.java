package io.otp4j.examples;

import io.otp4j.examples.ClusterWire.ShardStarted;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The starts of the limiter's shards, as each shard's {@code init} reported them to the demo's control: where each
 * shard ran before the kill, and which started after it. From them, the demo's check that the killed node's shards
 * started again exactly once each, on survivors, and that no other shard started again.
 */
final class ShardStarts {

    private final List<ShardStarted> starts = new ArrayList<>();

    /** Records a start. */
    void add(ShardStarted start) {
        starts.add(Objects.requireNonNull(start, "start"));
    }

    /** {@return how many starts have been recorded} */
    int size() {
        return starts.size();
    }

    /** {@return the node each shard ran on last, among the starts up to {@code untilMicros}, by shard id} */
    Map<String, String> runningAt(long untilMicros) {
        Map<String, ShardStarted> last = new TreeMap<>();
        for (ShardStarted start : starts) {
            if (start.epochMicros() <= untilMicros) {
                last.merge(start.id(), start, (a, b) -> b.epochMicros() >= a.epochMicros() ? b : a);
            }
        }
        Map<String, String> nodes = new TreeMap<>();
        last.forEach((id, start) -> nodes.put(id, start.node()));
        return nodes;
    }

    /** {@return how many shards ran on each node, from {@link #runningAt}} */
    static Map<String, Integer> perNode(Map<String, String> running) {
        Map<String, Integer> counts = new TreeMap<>();
        running.values().forEach(node -> counts.merge(node, 1, Integer::sum));
        return counts;
    }

    /** {@return the starts after {@code sinceMicros}, by shard id, in the order they came} */
    Map<String, List<ShardStarted>> startsAfter(long sinceMicros) {
        Map<String, List<ShardStarted>> after = new TreeMap<>();
        for (ShardStarted start : starts) {
            if (start.epochMicros() > sinceMicros) {
                after.computeIfAbsent(start.id(), id -> new ArrayList<>()).add(start);
            }
        }
        return after;
    }

    /**
     * {@return what happened to the shards after the kill of {@code killed} at {@code killMicros}}
     *
     * @param ids every shard's id
     */
    Restarts restarts(Collection<String> ids, String killed, long killMicros) {
        Map<String, String> before = runningAt(killMicros);
        Map<String, List<ShardStarted>> after = startsAfter(killMicros);
        Map<String, List<String>> lost = new TreeMap<>();
        Map<String, List<String>> others = new TreeMap<>();
        long lastMicros = Long.MIN_VALUE;
        for (String id : ids) {
            List<String> nodes = after.getOrDefault(id, List.of()).stream()
                    .map(ShardStarted::node)
                    .toList();
            if (killed.equals(before.get(id))) {
                lost.put(id, nodes);
                for (ShardStarted start : after.getOrDefault(id, List.of())) {
                    lastMicros = Math.max(lastMicros, start.epochMicros());
                }
            } else if (!nodes.isEmpty()) {
                others.put(id, nodes);
            }
        }
        Optional<Duration> lastAfter = lastMicros == Long.MIN_VALUE
                ? Optional.empty()
                : Optional.of(Duration.ofNanos((lastMicros - killMicros) * 1_000));
        return new Restarts(killed, lost, others, lastAfter);
    }

    /**
     * The shards' starts after a kill.
     *
     * @param killed the node killed
     * @param lost the shards that ran on it, each with the nodes it started on after the kill, in order
     * @param others the other shards that started after the kill, with their nodes: none, if all went well
     * @param lastRunAfter the time from the kill to the last start of a lost shard, if any started
     */
    record Restarts(
            String killed,
            Map<String, List<String>> lost,
            Map<String, List<String>> others,
            Optional<Duration> lastRunAfter) {

        Restarts {
            Objects.requireNonNull(killed, "killed");
            lost = Map.copyOf(lost);
            others = Map.copyOf(others);
            Objects.requireNonNull(lastRunAfter, "lastRunAfter");
        }

        /** {@return whether every lost shard has started again at least once} */
        boolean allBack() {
            return lost.values().stream().noneMatch(List::isEmpty);
        }

        /**
         * {@return whether each lost shard started again exactly once, on a survivor, and no other shard started
         * again}
         */
        boolean exactlyOnce() {
            return others.isEmpty()
                    && lost.values().stream().allMatch(nodes -> nodes.size() == 1 && !nodes.contains(killed));
        }

        /** {@return how many lost shards started on each survivor} */
        Map<String, Integer> restartedOn() {
            Map<String, Integer> counts = new TreeMap<>();
            lost.values().forEach(nodes -> nodes.forEach(node -> counts.merge(node, 1, Integer::sum)));
            return counts;
        }
    }
}
