package io.otp4j.examples;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/** What the clients of one node of the cluster demo measured: answers by shard, refusals, failures by cause. */
final class CallCounts {

    private final Map<String, LongAdder> served = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> servedAfterDown = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> failures = new ConcurrentHashMap<>();
    private final LongAdder allowed = new LongAdder();
    private final LongAdder refused = new LongAdder();

    /**
     * Counts an answer of the shard of {@code shardNode}.
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

    /** Counts a call that got no answer, for {@code cause}. */
    void failed(String cause) {
        failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
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
                last);
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
