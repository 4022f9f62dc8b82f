package io.otp4j.observer;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The last items of a stream (overview samples, trace events), numbered from 0, that readers follow: a reader
 * asks for what came after the last number it saw, waiting a bounded time for more. Older items are dropped once
 * the feed holds {@code capacity}.
 *
 * @param <T> the items
 */
final class Feed<T> {

    /** An item and its number. */
    record Item<T>(long seq, T value) {}

    private final int capacity;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grew = lock.newCondition();
    private final ArrayDeque<Item<T>> items = new ArrayDeque<>();
    private long next;
    private boolean closed;

    Feed(int capacity) {
        this.capacity = capacity;
    }

    void append(T value) {
        lock.lock();
        try {
            items.addLast(new Item<>(next++, value));
            if (items.size() > capacity) {
                items.removeFirst();
            }
            grew.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * {@return the items numbered above {@code seq}, waiting up to {@code wait} for one if there is none yet}
     * Empty when the wait ran out or the feed was closed.
     */
    List<Item<T>> after(long seq, Duration wait) throws InterruptedException {
        long nanos = wait.toNanos();
        lock.lock();
        try {
            while (!closed && next - 1 <= seq && nanos > 0) {
                nanos = grew.awaitNanos(nanos);
            }
            List<Item<T>> out = new ArrayList<>();
            for (Item<T> item : items) {
                if (item.seq() > seq) {
                    out.add(item);
                }
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether the feed was closed: its readers stop} */
    boolean isClosed() {
        lock.lock();
        try {
            return closed;
        } finally {
            lock.unlock();
        }
    }

    void close() {
        lock.lock();
        try {
            closed = true;
            grew.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
