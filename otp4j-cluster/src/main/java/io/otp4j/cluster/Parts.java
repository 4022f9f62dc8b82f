package io.otp4j.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Splits the state a scope, registry or supervisor server sends another node when they meet into parts that each
 * fit in a frame ({@link ClusterConfig#maxFrameBytes()}): a node's whole state can be any size, and one message
 * over the limit would fail to encode and take the server down with it.
 */
final class Parts {

    private Parts() {}

    /** {@return the budget of one part}: half a frame, the rest left for the message around it */
    static int budget(Cluster cluster) {
        return Math.max(1, cluster.config().maxFrameBytes() / 2);
    }

    /**
     * {@return {@code items} in order, cut into parts of at most {@code budget} bytes by {@code size}}: at least one
     * part (empty if there are no items); an item bigger than the budget makes a part of its own.
     */
    static <T> List<List<T>> of(List<T> items, ToIntFunction<? super T> size, int budget) {
        List<List<T>> parts = new ArrayList<>();
        List<T> part = new ArrayList<>();
        long used = 0;
        for (T item : items) {
            int bytes = size.applyAsInt(item);
            if (!part.isEmpty() && used + bytes > budget) {
                parts.add(List.copyOf(part));
                part = new ArrayList<>();
                used = 0;
            }
            part.add(item);
            used += bytes;
        }
        parts.add(List.copyOf(part));
        return parts;
    }
}
