package io.otp4j.testing;

import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A clock that moves only when the test says so (the testkit's manual clock is out of reach of core's
 * tests). Scheduled actions run on the advancing thread, in due order. It tells how many actions are
 * pending, so a test can wait until a server is parked on an inactivity timeout before it moves time.
 */
public final class TestClock implements Clock {

    private final class Entry implements Scheduled {
        final long due;
        final Runnable action;
        boolean done;

        Entry(long due, Runnable action) {
            this.due = due;
            this.action = action;
        }

        @Override
        public boolean cancel() {
            synchronized (TestClock.this) {
                if (done) {
                    return false;
                }
                done = true;
                entries.remove(this);
                return true;
            }
        }
    }

    private final List<Entry> entries = new ArrayList<>();
    private long now = 1_000_000_000L;

    @Override
    public synchronized long nanoTime() {
        return now;
    }

    @Override
    public synchronized Scheduled schedule(long delayNanos, Runnable action) {
        Entry entry = new Entry(now + Math.max(0, delayNanos), action);
        entries.add(entry);
        return entry;
    }

    /** {@return how many actions wait for their time} */
    public synchronized int pending() {
        return entries.size();
    }

    /**
     * Moves time forward by {@code by} without running what comes due: a thread woken by a due action wakes
     * late, as a busy machine wakes it. {@link #advance advance(Duration.ZERO)} runs them.
     */
    public synchronized void jump(Duration by) {
        now += by.toNanos();
    }

    /** Moves time forward by {@code by}, then runs the actions that have come due. */
    public void advance(Duration by) {
        List<Entry> due = new ArrayList<>();
        synchronized (this) {
            now += by.toNanos();
            for (Entry entry : List.copyOf(entries)) {
                if (entry.due - now <= 0) {
                    entry.done = true;
                    entries.remove(entry);
                    due.add(entry);
                }
            }
        }
        due.sort((a, b) -> Long.compare(a.due, b.due));
        due.forEach(e -> e.action.run());
    }
}
