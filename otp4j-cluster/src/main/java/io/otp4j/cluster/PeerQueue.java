package io.otp4j.cluster;

import io.otp4j.cluster.ClusterConfig.OutboundQueue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import org.jgroups.Address;

/**
 * The encoded frames waiting to be sent to one member, in the order they were offered; its one drainer takes them.
 * Only messages count against the capacity and only messages are refused: a signal is always taken (ADR 27).
 */
final class PeerQueue {

    /** What became of an offered frame. */
    enum Offer {
        ACCEPTED,
        ACCEPTED_DROPPED_OLDEST,
        DROPPED,
        REJECTED,
        TIMED_OUT,
        INTERRUPTED,
        CLOSED
    }

    /** A waiting frame: its bytes, and whether it is a signal (which the capacity does not count). */
    private record Waiting(byte[] bytes, boolean signal) {}

    /** The bytes of a batch beyond its frames: magic, version, kind and count. */
    static final int BATCH_HEADER = 7;

    /** The bytes of a batch per frame beyond the frame: its length. */
    static final int BATCH_PER_FRAME = 4;

    final String peer;
    final Address address;
    private final OutboundQueue bound;
    private final BooleanSupplier held;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition notFull = lock.newCondition();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<Waiting> frames = new ArrayDeque<>(); // guarded by lock
    private int messages; // guarded by lock: the messages among frames
    private boolean closed; // guarded by lock

    /** {@code held}: while it says so, the drainer takes nothing (the module's tests hold a slow peer with it). */
    PeerQueue(String peer, Address address, OutboundQueue bound, BooleanSupplier held) {
        this.peer = peer;
        this.address = address;
        this.bound = bound;
        this.held = held;
    }

    /** Queues a signal: never refused while the queue is open. {@return false if it is closed} */
    boolean offerSignal(byte[] bytes) {
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            frames.addLast(new Waiting(bytes, true));
            ready.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Queues a message if the policy makes room for it; {@return what became of it} */
    Offer offerMessage(byte[] bytes) {
        lock.lock();
        try {
            Offer offer = admit();
            if (offer == Offer.ACCEPTED || offer == Offer.ACCEPTED_DROPPED_OLDEST) {
                frames.addLast(new Waiting(bytes, false));
                messages = messages + 1;
                ready.signal();
            }
            return offer;
        } finally {
            lock.unlock();
        }
    }

    /** Lock held: makes room for one message if the policy allows, or says why not. */
    private Offer admit() {
        if (closed) {
            return Offer.CLOSED;
        }
        if (messages < bound.capacity()) {
            return Offer.ACCEPTED;
        }
        return switch (bound.policy()) {
            case REJECT -> Offer.REJECTED;
            case DROP_NEWEST -> Offer.DROPPED;
            case DROP_OLDEST -> {
                dropOldestMessage();
                yield Offer.ACCEPTED_DROPPED_OLDEST;
            }
            case BLOCK -> awaitRoom();
        };
    }

    private void dropOldestMessage() {
        for (Iterator<Waiting> it = frames.iterator(); it.hasNext(); ) {
            if (!it.next().signal()) {
                it.remove();
                messages = messages - 1;
                return;
            }
        }
        throw new IllegalStateException("a full outbound queue holds no message"); // cannot happen: messages > 0
    }

    /** Lock held: waits until there is room, the deadline passes, or the queue closes. */
    private Offer awaitRoom() {
        long left = bound.maxWait().toNanos();
        try {
            while (messages >= bound.capacity() && !closed) {
                if (left <= 0) {
                    return Offer.TIMED_OUT;
                }
                left = notFull.awaitNanos(left);
            }
            return closed ? Offer.CLOSED : Offer.ACCEPTED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Offer.INTERRUPTED;
        }
    }

    /**
     * Waits for frames (and for the hold, if any, to end), then takes the first and as many of the next as fit
     * with it in a batch of {@code budget} bytes. {@return the frames taken, in order; empty once the queue is
     * closed}
     */
    List<byte[]> take(int budget) throws InterruptedException {
        lock.lock();
        try {
            while (!closed && (frames.isEmpty() || held.getAsBoolean())) {
                ready.await();
            }
            if (closed) {
                return List.of();
            }
            List<byte[]> taken = new ArrayList<>();
            long size = BATCH_HEADER;
            int messagesTaken = 0;
            do {
                Waiting next = frames.pollFirst();
                taken.add(next.bytes());
                size = size + BATCH_PER_FRAME + next.bytes().length;
                messagesTaken = messagesTaken + (next.signal() ? 0 : 1);
            } while (!frames.isEmpty()
                    && size + BATCH_PER_FRAME + frames.peekFirst().bytes().length <= budget);
            if (messagesTaken > 0) {
                messages = messages - messagesTaken;
                notFull.signalAll();
            }
            return taken;
        } finally {
            lock.unlock();
        }
    }

    /** Wakes the drainer to look again (after a hold ends). */
    void wake() {
        lock.lock();
        try {
            ready.signal();
        } finally {
            lock.unlock();
        }
    }

    /** Closes for good: waiting senders get {@link Offer#CLOSED}. {@return how many frames it discarded} */
    int close() {
        lock.lock();
        try {
            if (closed) {
                return 0;
            }
            closed = true;
            int discarded = frames.size();
            frames.clear();
            messages = 0;
            notFull.signalAll();
            ready.signal();
            return discarded;
        } finally {
            lock.unlock();
        }
    }

    /** {@return how many frames wait} */
    int size() {
        lock.lock();
        try {
            return frames.size();
        } finally {
            lock.unlock();
        }
    }
}
