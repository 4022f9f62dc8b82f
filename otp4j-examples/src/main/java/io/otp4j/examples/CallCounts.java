package io.otp4j.examples;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * What the clients of one node of the cluster demo measured: answers by the shards' node, refusals, failures by cause.
 * A report is one consistent cut: clients count under a shared hold of {@link #cut}, and a report takes it alone, so
 * that no answer is in its node's count but not yet in the allowed or refused one. (The killed node's last report is
 * the last word on its clients, and one taken in the middle of a count would not add up.)
 */
final class CallCounts {

    private final ReentrantReadWriteLock cut = new ReentrantReadWriteLock();

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
        cut.readLock().lock();
        try {
            served.computeIfAbsent(shardNode, n -> new LongAdder()).increment();
            if (afterDown) {
                servedAfterDown.computeIfAbsent(shardNode, n -> new LongAdder()).increment();
            }
            (allowedByShard ? allowed : refused).increment();
        } finally {
            cut.readLock().unlock();
        }
    }

    /** Counts a call that got no answer, for {@code cause}, at {@code epochMicros} on the host's clock. */
    void failed(String cause, long epochMicros) {
        cut.readLock().lock();
        try {
            failures.computeIfAbsent(cause, c -> new LongAdder()).increment();
            lastFailedMicros.accumulate(epochMicros);
        } finally {
            cut.readLock().unlock();
        }
    }

    /** {@return the counts so far, as the message that carries them} */
    ClusterWire.Tally tally(String node, long elapsedMillis, boolean last) {
        cut.writeLock().lock();
        try {
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
        } finally {
            cut.writeLock().unlock();
        }
    }

    private static Map<String, Long> sums(Map<String, LongAdder> counts) {
        Map<String, Long> sums = new TreeMap<>();
        counts.forEach((key, count) -> sums.put(key, count.sum()));
        return sums;
    }
}
