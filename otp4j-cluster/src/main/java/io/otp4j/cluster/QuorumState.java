package io.otp4j.cluster;

import io.otp4j.cluster.QuorumCommand.Answer;
import io.otp4j.cluster.QuorumCommand.Exited;
import io.otp4j.cluster.QuorumCommand.Expire;
import io.otp4j.cluster.QuorumCommand.Held;
import io.otp4j.cluster.QuorumCommand.Register;
import io.otp4j.cluster.QuorumCommand.Release;
import io.otp4j.cluster.QuorumCommand.Renew;
import io.otp4j.cluster.QuorumCommand.Snapshot;
import io.otp4j.cluster.QuorumCommand.Unregister;
import io.otp4j.process.Pid;
import java.io.DataInput;
import java.io.DataOutput;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.jgroups.raft.StateMachine;
import org.jspecify.annotations.Nullable;

/**
 * The replicated map of {@link QuorumNames}: the same on every node once it has applied the same commands, read
 * without a lock. Only JGroups-raft's thread writes it, in log order. It also counts the commands it applied and,
 * for each node, the number of the last one that node sent: the leader's evidence that a node is alive (ADR 30).
 *
 * <p>What concerns a process of this node (it took a key; it lost one to an expiry) goes to {@code local}, the
 * node's quorum server.
 */
final class QuorumState implements StateMachine {

    /** Told to the local quorum server: {@code held} is an entry of a process of this node now. */
    record Gained(Held held) {}

    /** Told to the local quorum server: the majority took {@code held} away from this node after the grace. */
    record Expired(Held held) {}

    private final String here;
    private final QuorumCodec codec;
    private final Consumer<Object> local;

    private final Map<Object, Held> entries = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private final Lock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();

    QuorumState(String here, QuorumCodec codec, Consumer<Object> local) {
        this.here = here;
        this.codec = codec;
        this.local = local;
    }

    // ------------------------------------------------------------------ reads, from any thread

    /** {@return the entry of {@code key}, if any} */
    @Nullable
    Held get(Object key) {
        return entries.get(key);
    }

    /** {@return every entry now} */
    List<Held> entries() {
        return List.copyOf(entries.values());
    }

    /** {@return the number of the last command {@code node} sent that was applied, if any} */
    OptionalLong lastSeen(String node) {
        Long seen = lastSeen.get(node);
        return seen == null ? OptionalLong.empty() : OptionalLong.of(seen);
    }

    /** {@return the commands applied, the entries and the last command seen of each node, in one line} */
    String describe() {
        return "applied " + applied.get() + ", entries " + entries.values() + ", last seen " + lastSeen;
    }

    /** {@return whether a process of {@code node} holds a key} */
    boolean holds(String node) {
        return entries.values().stream().anyMatch(held -> held.pid().node().equals(node));
    }

    /**
     * Waits until {@code condition} holds of this node's copy, at most {@code timeout}: a change committed through
     * the leader may be applied here a moment after its answer came. {@return whether it holds}
     */
    boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (!condition.getAsBoolean()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                changed.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return condition.getAsBoolean();
        } finally {
            lock.unlock();
        }
    }

    private void signal() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ the state machine

    @Override
    public byte[] apply(byte[] data, int offset, int length, boolean serializeResponse) throws Exception {
        Object command = codec.decode(data, offset, length);
        long number = applied.incrementAndGet();
        Answer answer = switch (command) {
            case Register register -> {
                seen(register.pid().node(), number);
                Held holder = entries.get(register.key());
                if (holder != null) {
                    yield Answer.taken(holder.pid());
                }
                Held held = new Held(register.key(), register.pid(), register.value(), register.token());
                entries.put(register.key(), held);
                if (register.pid().node().equals(here)) {
                    local.accept(new Gained(held));
                }
                yield Answer.DONE_ANSWER;
            }
            case Unregister unregister -> {
                seen(unregister.pid().node(), number);
                Held holder = entries.get(unregister.key());
                yield holder != null
                                && holder.pid().equals(unregister.pid())
                                && entries.remove(unregister.key(), holder)
                        ? Answer.DONE_ANSWER
                        : Answer.UNCHANGED_ANSWER;
            }
            case Release release -> {
                seen(release.node(), number);
                Held holder = entries.get(release.key());
                yield holder != null && holder.token() == release.token() && entries.remove(release.key(), holder)
                        ? Answer.DONE_ANSWER
                        : Answer.UNCHANGED_ANSWER;
            }
            case Exited exited -> {
                seen(exited.pid().node(), number);
                yield removeWhere(exited.pid(), null);
            }
            case Renew renew -> {
                seen(renew.node(), number);
                yield Answer.DONE_ANSWER;
            }
            case Expire expire -> {
                Long last = lastSeen.get(expire.node());
                yield (last == null ? -1 : last) == expire.lastSeen()
                        ? removeWhere(null, expire.node())
                        : Answer.UNCHANGED_ANSWER;
            }
            default ->
                throw new IllegalArgumentException("a quorum log entry is not a command: "
                        + command.getClass().getName());
        };
        signal();
        return serializeResponse ? codec.encode(answer) : new byte[0];
    }

    private void seen(String node, long number) {
        lastSeen.put(node, number);
    }

    /** Removes the entries of {@code pid}, or of every process of {@code expiredNode} (told to this node's server). */
    private Answer removeWhere(@Nullable Pid pid, @Nullable String expiredNode) {
        List<Held> gone = new ArrayList<>();
        for (Held held : entries.values()) {
            if (held.pid().equals(pid) || held.pid().node().equals(expiredNode)) {
                gone.add(held);
            }
        }
        for (Held held : gone) {
            entries.remove(held.key(), held);
            if (expiredNode != null && expiredNode.equals(here)) {
                local.accept(new Expired(held));
            }
        }
        return gone.isEmpty() ? Answer.UNCHANGED_ANSWER : Answer.DONE_ANSWER;
    }

    @Override
    public void writeContentTo(DataOutput out) throws Exception {
        byte[] bytes = codec.encode(new Snapshot(entries(), applied.get(), Map.copyOf(lastSeen)));
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    @Override
    public void readContentFrom(DataInput in) throws Exception {
        int length = in.readInt();
        if (length < 0) {
            throw new BadFrameException("a quorum snapshot of " + length + " bytes");
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        if (!(codec.decode(bytes, 0, length) instanceof Snapshot snapshot)) {
            throw new BadFrameException("a quorum snapshot is not a snapshot");
        }
        entries.clear();
        for (Held held : snapshot.entries()) {
            entries.put(held.key(), held);
            if (held.pid().node().equals(here)) {
                local.accept(new Gained(held));
            }
        }
        lastSeen.clear();
        lastSeen.putAll(snapshot.lastSeen());
        applied.set(snapshot.applied());
        signal();
    }
}
