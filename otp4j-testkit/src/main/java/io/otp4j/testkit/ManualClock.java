package io.otp4j.testkit;

import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.PriorityQueue;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A clock that moves only when a test advances it.
 *
 * <p>{@link #advance(Duration)} moves time forward and runs every action that has come due, in deadline
 * order (ties in the order they were scheduled), on the calling thread, before it returns. An action that
 * schedules another action due within the same advance sees it run too. Thread-safe.
 */
public final class ManualClock implements Clock {

    private final ReentrantLock lock = new ReentrantLock();
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long now;
    private long sequence;

    /** A clock at time zero. */
    public ManualClock() {}

    private final class Task implements Comparable<Task>, Scheduled {
        final long deadline;
        final long order;
        final Runnable action;
        boolean done;

        Task(long deadline, long order, Runnable action) {
            this.deadline = deadline;
            this.order = order;
            this.action = action;
        }

        @Override
        public int compareTo(Task other) {
            int byDeadline = Long.compare(deadline, other.deadline);
            return byDeadline != 0 ? byDeadline : Long.compare(order, other.order);
        }

        @Override
        public boolean cancel() {
            lock.lock();
            try {
                if (done) {
                    return false;
                }
                done = true;
                queue.remove(this);
                return true;
            } finally {
                lock.unlock();
            }
        }
    }

    @Override
    public long nanoTime() {
        lock.lock();
        try {
            return now;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public Scheduled schedule(long delayNanos, Runnable action) {
        Objects.requireNonNull(action, "action");
        lock.lock();
        try {
            long delay = Math.max(0, delayNanos);
            long deadline = now + delay < now ? Long.MAX_VALUE : now + delay;
            Task task = new Task(deadline, sequence++, action);
            queue.add(task);
            return task;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves time forward by {@code step} and runs every action due by then, in deadline order. Time is set
     * to each action's deadline while it runs, so an action sees the time it was due.
     *
     * @param step how far to move time; Duration.ZERO runs only what is due now, never negative
     * @throws IllegalArgumentException if {@code step} is negative
     */
    public void advance(Duration step) {
        Objects.requireNonNull(step, "step");
        if (step.isNegative()) {
            throw new IllegalArgumentException("a clock cannot go back: step was " + step);
        }
        long target;
        lock.lock();
        try {
            long nanos;
            try {
                nanos = step.toNanos();
            } catch (ArithmeticException e) {
                nanos = Long.MAX_VALUE;
            }
            target = now + nanos < now ? Long.MAX_VALUE : now + nanos;
        } finally {
            lock.unlock();
        }
        for (; ; ) {
            Task due;
            lock.lock();
            try {
                due = queue.peek();
                if (due == null || due.deadline > target) {
                    now = target;
                    return;
                }
                queue.poll();
                due.done = true;
                now = Math.max(now, due.deadline);
            } finally {
                lock.unlock();
            }
            due.action.run(); // outside the lock: an action may schedule or cancel
        }
    }

    /** {@return how many actions are scheduled and not yet run or cancelled} */
    public int pending() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public String toString() {
        return "ManualClock[" + Duration.ofNanos(nanoTime()) + "]";
    }
}
