package io.otp4j.cluster;

import io.otp4j.cluster.ClusterConfig.OutboundQueue;
import io.otp4j.process.Delivery;
import java.lang.System.Logger.Level;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.jgroups.Address;
import org.jspecify.annotations.Nullable;

/**
 * The frames on their way to the other members (ADR 27): one bounded {@link PeerQueue} per member, filled on the
 * senders' threads with frames already encoded, and one drainer per member, a virtual thread, that sends what
 * waits in order, packing the frames that wait together into batches. A sender never waits for the network: a
 * slow or partitioned member fills its own queue, whose policy then decides, and nobody else's.
 */
final class Outbound {

    private static final System.Logger LOG = System.getLogger(Outbound.class.getName());

    /** A hold on the drainers, released by {@link #close()}. */
    @FunctionalInterface
    interface Hold extends AutoCloseable {
        @Override
        void close();
    }

    /** How a drainer hands bytes to JGroups. */
    @FunctionalInterface
    interface Wire {
        void send(Address to, byte[] bytes) throws Exception;
    }

    private final Wire wire;
    private final OutboundQueue bound;
    private final int budget;
    private final Map<Address, PeerQueue> queues = new ConcurrentHashMap<>();
    private final Set<Thread> drainers = ConcurrentHashMap.newKeySet();
    private volatile boolean held;
    private volatile boolean closed;

    final LongAdder sent = new LongAdder();
    final LongAdder batches = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder timedOut = new LongAdder();
    final LongAdder droppedNewest = new LongAdder();
    final LongAdder droppedOldest = new LongAdder();
    final LongAdder discarded = new LongAdder();

    Outbound(Wire wire, OutboundQueue bound, int batchBytes, int maxFrameBytes) {
        this.wire = wire;
        this.bound = bound;
        this.budget = Math.min(batchBytes, maxFrameBytes);
    }

    /**
     * Queues the message frame {@code bytes} for {@code peer}, as the queue's policy allows.
     *
     * @return {@link Delivery#ACCEPTED}, {@link Delivery#ACCEPTED_DROPPED_OLDEST}, {@link Delivery#DROPPED}, or
     *     {@link Delivery#NO_PROCESS} if the queue closed (the member left, or this node)
     * @throws OutboundQueueFullException if the policy rejects it, or the sender waited for room until its
     *     deadline or was interrupted
     */
    Delivery message(String peer, Address address, byte[] bytes) {
        PeerQueue queue = queue(peer, address);
        if (queue == null) {
            return Delivery.NO_PROCESS;
        }
        return switch (queue.offerMessage(bytes)) {
            case ACCEPTED -> Delivery.ACCEPTED;
            case ACCEPTED_DROPPED_OLDEST -> {
                droppedOldest.increment();
                yield Delivery.ACCEPTED_DROPPED_OLDEST;
            }
            case DROPPED -> {
                droppedNewest.increment();
                yield Delivery.DROPPED;
            }
            case CLOSED -> Delivery.NO_PROCESS;
            case REJECTED -> {
                rejected.increment();
                if (Thread.currentThread().isVirtual()) {
                    Thread.yield(); // as a full mailbox does: leave the carrier to those who drain
                }
                throw full(peer, "the message was rejected");
            }
            case TIMED_OUT -> {
                timedOut.increment();
                throw full(peer, "it stayed full for " + bound.maxWait() + "; the message was not sent");
            }
            case INTERRUPTED -> {
                timedOut.increment();
                throw full(peer, "the sender was interrupted while waiting for room; the message was not sent");
            }
        };
    }

    private OutboundQueueFullException full(String peer, String what) {
        return new OutboundQueueFullException(peer, bound.capacity(), bound.policy(), what);
    }

    /** Queues the signal frame {@code bytes} for {@code peer}: never refused. {@return false if closed} */
    boolean signal(String peer, Address address, byte[] bytes) {
        PeerQueue queue = queue(peer, address);
        return queue != null && queue.offerSignal(bytes);
    }

    private @Nullable PeerQueue queue(String peer, Address address) {
        PeerQueue queue = queues.get(address);
        if (queue == null) {
            PeerQueue created = new PeerQueue(peer, address, bound, () -> held);
            queue = queues.putIfAbsent(address, created);
            if (queue == null) {
                queue = created;
                PeerQueue drained = created;
                Thread.ofVirtual().name("otp4j-cluster-to-" + peer).start(() -> drain(drained));
            }
        }
        if (closed) {
            close(queue);
            return null;
        }
        return queue;
    }

    /** The drainer of {@code queue}: sends until the queue closes. */
    private void drain(PeerQueue queue) {
        drainers.add(Thread.currentThread());
        try {
            for (; ; ) {
                List<byte[]> frames = queue.take(budget);
                if (frames.isEmpty()) {
                    return;
                }
                int count = frames.size();
                byte[] bytes = count == 1 ? frames.get(0) : Batch.pack(frames);
                sent.add(count); // counted as handed over, so that an answer never overtakes its count
                if (count > 1) {
                    batches.increment();
                }
                try {
                    wire.send(queue.address, bytes);
                } catch (Exception e) {
                    sent.add(-count);
                    discarded.add(count);
                    LOG.log(
                            Level.DEBUG,
                            () -> "otp4j cluster: " + count + " frames to " + queue.peer + " were not sent: " + e);
                }
            }
        } catch (InterruptedException e) {
            // Closed while waiting: nothing more to send.
        } finally {
            drainers.remove(Thread.currentThread());
        }
    }

    /** Drops the queues of the members not in {@code current}: their frames could go nowhere. */
    void retain(Collection<Address> current) {
        queues.values().forEach(queue -> {
            if (!current.contains(queue.address)) {
                close(queue);
            }
        });
    }

    /** Drops the queue of the member at {@code address}, if any: its connection broke. */
    void drop(Address address) {
        PeerQueue queue = queues.get(address);
        if (queue != null) {
            close(queue);
        }
    }

    private void close(PeerQueue queue) {
        queues.remove(queue.address, queue);
        discarded.add(queue.close());
    }

    /** Closes every queue and stops the drainers; frames still waiting are discarded and counted. */
    void close() {
        closed = true;
        queues.values().forEach(this::close);
        drainers.forEach(Thread::interrupt);
    }

    /**
     * Holds every drainer, now and to come, before it takes another frame, until the returned hold is closed: the
     * module's tests make a peer slow with it, deterministically.
     */
    Hold hold() {
        held = true;
        return () -> {
            held = false;
            queues.values().forEach(PeerQueue::wake);
        };
    }

    /** {@return how many frames wait for the member {@code peer}}: for the module's tests */
    int waiting(String peer) {
        return queues.values().stream()
                .filter(queue -> queue.peer.equals(peer))
                .mapToInt(PeerQueue::size)
                .sum();
    }

    /** {@return how many drainers run}: for the module's tests */
    int drainers() {
        return drainers.size();
    }
}
