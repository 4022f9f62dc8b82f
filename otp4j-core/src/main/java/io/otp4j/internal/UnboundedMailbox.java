package io.otp4j.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/**
 * An unbounded mailbox: a lock-free multi-producer, single-consumer linked queue, plus a private "save
 * queue" for selective receive.
 *
 * <p>Producers append with one atomic exchange on {@code tail} and then link the previous node; the owner
 * walks from {@code head} and never contends with them. Messages that a selective receive passes over move
 * to {@code saved}, which is older than everything still in the linked queue, so the next receive scans
 * {@code saved} first and order is kept: this is Erlang's receive, where unmatched messages stay in the
 * mailbox in arrival order.
 */
public final class UnboundedMailbox extends Mailbox {

    private static final VarHandle TAIL;
    private static final VarHandle NEXT;
    private static final VarHandle HEAD;
    private static final VarHandle SAVED_COUNT;
    private static final VarHandle CLOSED;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            TAIL = lookup.findVarHandle(UnboundedMailbox.class, "tail", Node.class);
            HEAD = lookup.findVarHandle(UnboundedMailbox.class, "head", Node.class);
            SAVED_COUNT = lookup.findVarHandle(UnboundedMailbox.class, "savedCount", int.class);
            CLOSED = lookup.findVarHandle(UnboundedMailbox.class, "closed", boolean.class);
            NEXT = lookup.findVarHandle(Node.class, "next", Node.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final class Node {
        @Nullable
        Object value;

        @SuppressWarnings("unused") // accessed through NEXT
        private volatile @Nullable Node next;

        Node(@Nullable Object value) {
            this.value = value;
        }

        @Nullable
        Node next() {
            return (Node) NEXT.getAcquire(this);
        }
    }

    /** The owner's position: a consumed node whose successor is the oldest unscanned message. */
    private Node head;

    /** The last node appended; producers swap it atomically. */
    @SuppressWarnings("unused") // accessed through TAIL
    private volatile Node tail;

    /** Messages a selective receive passed over; owner only, created on first use. */
    private @Nullable ArrayDeque<Object> saved;

    /** saved.size(), published for {@link #size()} from other threads. */
    @SuppressWarnings("unused") // accessed through SAVED_COUNT
    private int savedCount;

    @SuppressWarnings("unused") // accessed through CLOSED
    private volatile boolean closed;

    /**
     * Owner only, for {@link #ownerSize()}: the last node it counted (head, or a node after it); null until it
     * first counts, so that a mailbox nobody counts pays one null check per message.
     */
    private @Nullable Node countedTo;

    /** Owner only: the number of nodes after head up to and including {@link #countedTo}. */
    private int counted;

    /** Creates an empty mailbox. */
    public UnboundedMailbox() {
        Node stub = new Node(null);
        head = stub;
        tail = stub;
    }

    @Override
    public Offer offer(Object message) {
        return append(message);
    }

    @Override
    public Offer offerSystem(Object message) {
        return append(message);
    }

    private Offer append(Object message) {
        if ((boolean) CLOSED.getOpaque(this)) {
            return Offer.CLOSED;
        }
        Node node = new Node(message);
        // The exchange is a volatile (sequentially consistent) access: it publishes the message for hasNew()
        // and orders before the volatile read of the waiting flag in signal().
        Node previous = (Node) TAIL.getAndSet(this, node);
        NEXT.setRelease(previous, node);
        signal();
        return Offer.ACCEPTED;
    }

    @Override
    public @Nullable Object poll() {
        ArrayDeque<Object> s = saved;
        if (s != null && !s.isEmpty()) {
            Object message = s.pollFirst();
            SAVED_COUNT.setRelease(this, s.size());
            return message;
        }
        return takeNext();
    }

    @Override
    public @Nullable Object poll(Predicate<Object> match) {
        ArrayDeque<Object> s = saved;
        if (s != null && !s.isEmpty()) {
            for (Iterator<Object> it = s.iterator(); it.hasNext(); ) {
                Object message = it.next();
                if (match.test(Carried.unwrap(message))) {
                    it.remove();
                    SAVED_COUNT.setRelease(this, s.size());
                    return message;
                }
            }
        }
        Object message;
        while ((message = takeNext()) != null) {
            if (s == null) {
                s = saved = new ArrayDeque<>();
            }
            // Saved before testing: if the predicate throws, the message stays in the mailbox.
            s.addLast(message);
            if (match.test(Carried.unwrap(message))) {
                s.pollLast();
                SAVED_COUNT.setRelease(this, s.size());
                return message;
            }
            SAVED_COUNT.setRelease(this, s.size());
        }
        return null;
    }

    /** Takes the next message from the linked queue, waiting out a producer that is between its two steps. */
    private @Nullable Object takeNext() {
        Node h = head;
        Node next = h.next();
        if (next == null) {
            if ((Node) TAIL.getAcquire(this) == h) {
                return null;
            }
            // A producer swapped tail but has not linked its node yet: it is two instructions away.
            while ((next = h.next()) == null) {
                Thread.onSpinWait();
            }
        }
        Object message = next.value;
        next.value = null;
        if (countedTo != null) {
            if (countedTo == h) {
                countedTo = next; // nothing after head was counted: the count starts after the new head
            } else {
                counted--;
            }
        }
        HEAD.setRelease(this, next);
        // The consumed node links to itself, not to the rest of the queue. Once it is garbage it may still sit in the
        // old generation (a mailbox idle long enough, or a full collection, promotes its head), and a dead old node
        // counts as live for a young collection: through its link it would keep every message since alive, copied
        // and promoted in turn, each one then holding the next.
        NEXT.setRelease(h, h);
        return message;
    }

    /** {@return the owner's position, a consumed node} For tests. */
    Node head() {
        return head;
    }

    @Override
    public boolean hasNew() {
        // Volatile read of tail: pairs with the producers' exchange (see Mailbox's wake-up protocol).
        return (Node) TAIL.getVolatile(this) != head;
    }

    @Override
    public boolean looksEmpty() {
        return (Node) TAIL.getAcquire(this) == (Node) HEAD.getAcquire(this) && (int) SAVED_COUNT.getAcquire(this) == 0;
    }

    @Override
    public int size() {
        return countFrom((Node) HEAD.getAcquire(this));
    }

    /** {@return the saved messages and those after {@code start}}, a node that was the owner's position. */
    int countFrom(Node start) {
        int count = (int) SAVED_COUNT.getAcquire(this);
        Node node = start;
        for (; ; ) {
            Node next = node.next();
            if (next == node) {
                // The owner consumed this node while this walk was on it: count again from the owner's position.
                count = (int) SAVED_COUNT.getAcquire(this);
                node = (Node) HEAD.getAcquire(this);
                continue;
            }
            if (next == null) {
                // The end of the chain is the end of the queue only if no producer is between its two steps;
                // otherwise the messages behind the missing link (some of whose sends have returned) would
                // not be counted. Wait out the link, as takeNext() does.
                if ((Node) TAIL.getVolatile(this) == node) {
                    return count;
                }
                Thread.onSpinWait();
                continue;
            }
            count++;
            node = next;
        }
    }

    @Override
    public int ownerSize() {
        Node node = countedTo;
        if (node == null) {
            node = head;
            counted = 0;
        }
        int n = counted;
        for (Node next = node.next(); next != null; next = next.next()) {
            node = next;
            n++;
        }
        countedTo = node;
        counted = n;
        ArrayDeque<Object> s = saved;
        return n + (s == null ? 0 : s.size());
    }

    @Override
    public long dropped() {
        return 0;
    }

    @Override
    public List<Object> close() {
        CLOSED.setVolatile(this, true);
        ArrayDeque<Object> s = saved;
        List<Object> left = s == null ? new ArrayList<>() : new ArrayList<>(s);
        saved = null;
        SAVED_COUNT.setRelease(this, 0);
        Object message;
        while ((message = takeNext()) != null) {
            left.add(message);
        }
        countedTo = null;
        return left;
    }
}
