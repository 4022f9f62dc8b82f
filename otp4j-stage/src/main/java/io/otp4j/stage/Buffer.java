package io.otp4j.stage;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/** A producer's buffer of events emitted that no consumer asked for yet: bounded, keeping first or last. */
final class Buffer {

    private final ArrayDeque<Object> events = new ArrayDeque<>();
    private final int capacity;
    private final BufferKeep keep;
    private long discarded;

    Buffer(int capacity, BufferKeep keep) {
        this.capacity = capacity;
        this.keep = keep;
    }

    /** Adds events at the end. {@return how many events were discarded to respect the capacity} */
    int add(List<Object> more) {
        int dropped = 0;
        for (Object event : more) {
            if (events.size() < capacity) {
                events.addLast(event);
            } else if (keep == BufferKeep.LAST && capacity > 0) {
                events.pollFirst();
                events.addLast(event);
                dropped++;
            } else {
                dropped++;
            }
        }
        discarded += dropped;
        return dropped;
    }

    /** {@return up to {@code n} events from the front, removed} */
    List<Object> take(long n) {
        int count = (int) Math.min(n, events.size());
        List<Object> taken = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            taken.add(events.pollFirst());
        }
        return taken;
    }

    /** Puts events back at the front, in order (they were taken and could not be placed). */
    void putBack(List<Object> front) {
        for (int i = front.size() - 1; i >= 0; i--) {
            events.addFirst(front.get(i));
        }
    }

    boolean isEmpty() {
        return events.isEmpty();
    }

    int size() {
        return events.size();
    }

    long discarded() {
        return discarded;
    }

    int capacity() {
        return capacity;
    }

    BufferKeep keep() {
        return keep;
    }
}
