package io.otp4j.examples;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/** What the clients of one node of the cluster demo measured: answers by the shards' node, refusals, failures by cause. */
final class CallCounts {

    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> servedAfterDown = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder allowed = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final LongAccumulator lastFailedMicros = new LongAccumulator(Math::max, 0);

    /**
     * Counts an answer of a shard that ran on {@code shardNode}.
     *
     * @param afterDown whether the call was made after this node had seen a node go down
     * @param allowedByShard the limiter's answer: a token was taken
     */
    void answered(String shardNode, boolean afterDown, boolean allowedByShard) {
        served.computeIfAbsent(shardNode, n -> new LongAdder()).increment();
        if (afterDown) {
            servedAfterDown.computeIfAbsent(shardNode, n -> new LongAdder()).increment();
        }
        (allowedByShard ? allowed : refused).increment();
    }

    /** Counts a call that got no answer, for {@code cause}, at {@code epochMicros} on the host's clock. */
    void failed(String cause, long epochMicros) {
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
        lastFailedMicros.accumulate(epochMicros);
    }

    /** {@return the counts so far, as the message that carries them} */
    ClusterWire.Tally tally(String node, long elapsedMillis, boolean last) {
        return new ClusterWire.Tally(
                node,
                elapsedMillis,
                sums(served),
                sums(servedAfterDown),
                allowed.sum(),
                refused.sum(),
                sums(failures),
                lastFailedMicros.get(),
                last);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
