package io.otp4j.examples;

import io.otp4j.examples.ClusterWire.Ready;
import io.otp4j.examples.ClusterWire.Seen;
import io.otp4j.examples.ClusterWire.ShardStarted;
import io.otp4j.examples.ClusterWire.Tally;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * What the cluster demo's control has received from the nodes: who is ready, what each saw and when, each start of
 * a limiter shard, and each node's latest figures. Figures are totals, so the latest report of a node counts all its clients did up to it;
 * a killed node's last report is the last word on its clients.
 */
final class ClusterFigures {

    private final Map<String, Ready> ready = new TreeMap<>();
    private final Map<String, Tally> latest = new TreeMap<>();
    private final List<Seen> events = new ArrayList<>();
    private final ShardStarts starts = new ShardStarts();

    /** Records a report; other messages are ignored. */
    void add(Object message) {
        switch (message) {
            case Ready r -> ready.put(r.node(), r);
            case Tally t ->
                latest.merge(t.node(), t, (old, now) -> now.elapsedMillis() >= old.elapsedMillis() ? now : old);
            case Seen s -> events.add(s);
            case ShardStarted s -> starts.add(s);
            default -> {}
        }
    }

    /** {@return the nodes that are ready: each saw the others up, and its part of the supervisor met theirs} */
    Map<String, Ready> ready() {
        return ready;
    }

    /** {@return the latest report of {@code node}, if any} */
    Optional<Tally> latest(String node) {
        return Optional.ofNullable(latest.get(node));
    }

    /** {@return whether the last report of {@code node} has come: its clients have finished} */
    boolean finished(String node) {
        return latest(node).map(Tally::last).orElse(false);
    }

    /** {@return the shards' starts so far} */
    ShardStarts starts() {
        return starts;
    }

    /** {@return the calls answered by the shards of each node, as the callers of every node counted them} */
    Map<String, Long> servedByShard() {
        return sum(Tally::served);
    }

    /** {@return of those, the calls made after their caller had seen a node go down} */
    Map<String, Long> servedAfterDown() {
        return sum(Tally::servedAfterDown);
    }

    /** {@return the calls that got no answer, by cause, from every node's callers} */
    Map<String, Long> failures() {
        return sum(Tally::failures);
    }

    /** {@return the calls each node's clients made: answered or failed} */
    Map<String, Long> madeBy() {
        Map<String, Long> made = new TreeMap<>();
        latest.forEach((node, tally) -> made.put(
                node,
                tally.servedTotal()
                        + tally.failures().values().stream()
                                .mapToLong(Long::longValue)
                                .sum()));
        return made;
    }

    /** {@return the answers that allowed the request, over every node} */
    long allowed() {
        return latest.values().stream().mapToLong(Tally::allowed).sum();
    }

    /** {@return the answers that refused it, over every node} */
    long refused() {
        return latest.values().stream().mapToLong(Tally::refused).sum();
    }

    /** {@return whether {@code node} has seen {@code lost} go down} */
    boolean sawLoss(String node, String lost) {
        return events.stream()
                .anyMatch(s -> s.node().equals(node)
                        && s.event().equals("NodeDown")
                        && s.about().equals(lost));
    }

    /** {@return when the last call that got no answer failed, over every node, on the host's clock; 0 if none} */
    long lastFailedMicros() {
        return latest.values().stream().mapToLong(Tally::lastFailedMicros).max().orElse(0);
    }

    /**
     * {@return how long after {@code sinceMicros} each node first saw {@code event} about something {@code about}
     * matches}
     */
    Map<String, Duration> firstSeen(String event, Predicate<String> about, long sinceMicros) {
        Map<String, Duration> first = new TreeMap<>();
        for (Seen seen : events) {
            if (seen.event().equals(event) && about.test(seen.about())) {
                first.putIfAbsent(seen.node(), Duration.ofNanos((seen.epochMicros() - sinceMicros) * 1_000));
            }
        }
        return first;
    }

    private Map<String, Long> sum(Function<Tally, Map<String, Long>> part) {
        Map<String, Long> sums = new TreeMap<>();
        latest.values().forEach(tally -> part.apply(tally).forEach((key, count) -> sums.merge(key, count, Long::sum)));
        return sums;
    }
}
