package io.otp4j.persistence.internal;

/**
 * The sizes of a committer's last {@link #KEPT} batches, whose largest its linger waits for ({@link
 * GroupCommitter}). The last batch's size alone is not enough: writers that answer the same burst of messages (a
 * round of requests to 32 servers, say) reach the committer spread over the burst, and a linger cut short by a gap
 * splits the burst into two batches, 29 and 3. Waiting next time for the last size, 3, commits the first three of
 * the next burst and leaves 29 for a second flush: the split goes on, one extra flush a burst. Waiting for the
 * largest of the last few, 32, joins the burst again; a population that shrinks for good is forgotten after {@link
 * #KEPT} batches, and until then its batches end at the linger's gap. Used by one thread.
 */
final class RecentBatches {

    /** How many batches' sizes are kept. */
    static final int KEPT = 8;

    private final int[] sizes = new int[KEPT];
    private int next;
    private int largest;

    /** Notes the size of a batch just committed. */
    void add(int size) {
        int dropped = sizes[next];
        sizes[next] = size;
        next = (next + 1) % KEPT;
        if (size >= largest) {
            largest = size;
        } else if (dropped == largest) {
            largest = 0;
            for (int each : sizes) {
                largest = Math.max(largest, each);
            }
        }
    }

    /** {@return the largest of the kept sizes} 0 before the first batch. */
    int largest() {
        return largest;
    }
}
