package io.otp4j.supervisor;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Delivery;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.IntFunction;

/**
 * N copies of one child, each a partition that owns the keys that hash to it (Elixir's {@code
 * PartitionSupervisor}): the standard cure for a single GenServer that has become a bottleneck. Requests for one
 * key always reach the same partition, in order; different keys spread over all of them.
 *
 * {@snippet class="io.otp4j.supervisor.PartitionSnippetsTest" region="partitions"}
 *
 * <h2>Routing</h2>
 *
 * A key goes to partition {@code floorMod(hash(key), partitions)}, where {@code hash} is defined here, not by
 * {@code Object.hashCode}, so that it is the same in every run and on every JVM:
 *
 * <ul>
 *   <li>{@code Integer}, {@code Long}, {@code Short}, {@code Byte}: the value itself (consecutive ids go round the
 *       partitions, as in Elixir);
 *   <li>{@code Character}: its code;
 *   <li>{@code String} (and any {@code CharSequence}): 32-bit FNV-1a over its UTF-8 bytes, as an unsigned number;
 *   <li>an {@code Enum} constant: the hash of its name;
 *   <li>{@code UUID}: the exclusive or of its two halves.
 * </ul>
 *
 * Other keys are refused with an {@link IllegalArgumentException}: map them to one of these first (a record to a
 * String of its fields, say). {@link #hash(Object)} is public, for tests and for sharding outside a node.
 *
 * <h2>Names</h2>
 *
 * The supervisor is registered as {@code name}, and partition {@code i} as {@link #partitionName(String, int)
 * name#i}; routing looks the name up on each request, so a restarted partition is found under its name at once.
 * A GenServer partition is registered by this class; a general child must register itself under its name.
 *
 * <h2>Resizing</h2>
 *
 * {@link #resize(int)} changes the number of partitions between 1 and the maximum given at start (Elixir's {@code
 * resize!}): shrinking routes to fewer partitions at once, then stops the ones left over, newest first; growing
 * starts the new ones, then routes to them. Keys move between partitions when the number changes: state a
 * partition keeps for its keys is not carried over.
 *
 * <p>The rules of restart and shutdown are a {@link Supervisor}'s with strategy one_for_one and the given flags.
 */
public final class PartitionSupervisor {

    private final Node node;
    private final String name;
    private final Supervisor supervisor;
    private final IntFunction<ChildSpec> child;
    private final int maxPartitions;
    private final AtomicInteger partitions;
    private final ReentrantLock resizing = new ReentrantLock();

    private PartitionSupervisor(
            Node node, String name, Supervisor supervisor, IntFunction<ChildSpec> child, int partitions, int max) {
        this.node = node;
        this.name = name;
        this.supervisor = supervisor;
        this.child = child;
        this.partitions = new AtomicInteger(partitions);
        this.maxPartitions = max;
    }

    /**
     * Starts {@code partitions} GenServers, each made by {@code server} from its partition number and registered
     * as {@code name#i}, under a one_for_one supervisor registered as {@code name}.
     *
     * @param node the node to run them on
     * @param name the supervisor's registered name, and the stem of its partitions' names
     * @param partitions how many partitions; at least 1, fixed ({@link #resize} cannot grow past it)
     * @param server makes partition {@code i}'s server from {@code i}, afresh at each restart
     * @return the running partition supervisor
     * @throws IllegalArgumentException if {@code partitions} is less than 1
     * @throws io.otp4j.genserver.StartException if a partition failed to start
     */
    public static PartitionSupervisor start(
            Node node, String name, int partitions, IntFunction<? extends GenServer<?, ?, ?>> server) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(server, "server");
        return start(node, name, partitions, partitions, server);
    }

    /**
     * Starts GenServer partitions, as {@link #start(Node, String, int, IntFunction)}, that may grow to {@code max}.
     *
     * @param node the node to run them on
     * @param name the supervisor's registered name, and the stem of its partitions' names
     * @param partitions how many partitions to start with; at least 1
     * @param max how many {@link #resize} may grow to; at least {@code partitions}
     * @param server makes partition {@code i}'s server from {@code i}, afresh at each restart
     * @return the running partition supervisor
     * @throws IllegalArgumentException if {@code partitions} is less than 1 or {@code max} less than it
     * @throws io.otp4j.genserver.StartException if a partition failed to start
     */
    public static PartitionSupervisor start(
            Node node, String name, int partitions, int max, IntFunction<? extends GenServer<?, ?, ?>> server) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(name, "name");
        return start(node, name, partitions, max, SupervisorFlags.oneForOne(), genServer(name, server));
    }

    /** {@return the child of a GenServer partition: made fresh on every (re)start, registered under its name} */
    private static IntFunction<ChildSpec> genServer(String name, IntFunction<? extends GenServer<?, ?, ?>> server) {
        Objects.requireNonNull(server, "server");
        return i -> ChildSpec.worker(
                Integer.toString(i),
                () -> server.apply(i),
                StartOptions.defaults().withName(partitionName(name, i)));
    }

    /**
     * Starts a partition supervisor.
     *
     * @param node the node to run it on
     * @param name the supervisor's registered name, and the stem of its partitions' names
     * @param partitions how many partitions to start with; at least 1
     * @param maxPartitions how many {@link #resize} may grow to; at least {@code partitions}
     * @param flags the strategy must be one_for_one; the intensity and back-off apply to the partitions
     * @param child partition {@code i}'s child spec (its id is replaced by {@code i}); its process must register
     *     under {@link #partitionName(String, int) partitionName(name, i)}
     * @return the running partition supervisor
     * @throws IllegalArgumentException if the counts are out of bounds or the strategy is not one_for_one
     * @throws IllegalStateException if a started partition did not register under its name (the supervisor is
     *     stopped)
     */
    public static PartitionSupervisor start(
            Node node,
            String name,
            int partitions,
            int maxPartitions,
            SupervisorFlags flags,
            IntFunction<ChildSpec> child) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(child, "child");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        if (maxPartitions < partitions) {
            throw new IllegalArgumentException(
                    "maxPartitions must be at least partitions (" + partitions + "), was " + maxPartitions);
        }
        if (flags.strategy() != Strategy.ONE_FOR_ONE) {
            throw new IllegalArgumentException(
                    "a partition supervisor's strategy is one_for_one, was " + flags.strategy());
        }
        IntFunction<ChildSpec> numbered =
                i -> Objects.requireNonNull(child.apply(i), "the child spec of partition " + i)
                        .withId(Integer.toString(i));
        List<ChildSpec> specs = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            specs.add(numbered.apply(i));
        }
        Supervisor supervisor =
                Supervisor.start(node, flags, specs, StartOptions.defaults().withName(name));
        PartitionSupervisor started =
                new PartitionSupervisor(node, name, supervisor, numbered, partitions, maxPartitions);
        for (int i = 0; i < partitions; i++) {
            if (node.whereis(partitionName(name, i)).isEmpty()) {
                supervisor.stop();
                throw new IllegalStateException("partition " + i + " of " + name + " did not register as "
                        + partitionName(name, i) + "; a partition's process must register under its name");
            }
        }
        return started;
    }

    /**
     * {@return the registered name of partition {@code partition} of the partition supervisor {@code name}}
     *
     * @param name the partition supervisor's name
     * @param partition the partition's number, from 0
     */
    public static String partitionName(String name, int partition) {
        Objects.requireNonNull(name, "name");
        return name + "#" + partition;
    }

    /**
     * {@return the stable hash of a routing key} (see the class documentation)
     *
     * @param key an Integer, Long, Short, Byte, Character, CharSequence, enum constant or UUID
     * @throws IllegalArgumentException for a key of another type
     */
    public static long hash(Object key) {
        Objects.requireNonNull(key, "key");
        return switch (key) {
            case Integer i -> i;
            case Long l -> l;
            case Short s -> s;
            case Byte b -> b;
            case Character c -> c;
            case CharSequence text -> fnv1a(text.toString());
            case Enum<?> e -> fnv1a(e.name());
            case UUID uuid -> uuid.getMostSignificantBits() ^ uuid.getLeastSignificantBits();
            default ->
                throw new IllegalArgumentException("a partition key must be an Integer, Long, Short, Byte, Character,"
                        + " String, enum constant or UUID, whose hash is stable across runs; was a "
                        + key.getClass().getName() + ": map it to one of those first");
        };
    }

    /** 32-bit FNV-1a over the UTF-8 bytes, as an unsigned number. */
    private static long fnv1a(String text) {
        int hash = 0x811c9dc5;
        for (byte b : text.getBytes(StandardCharsets.UTF_8)) {
            hash ^= b & 0xff;
            hash *= 0x01000193;
        }
        return Integer.toUnsignedLong(hash);
    }

    /**
     * {@return the partition {@code key} goes to among {@code partitions}}, from 0 to {@code partitions - 1}
     *
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @param partitions how many partitions there are; at least 1
     * @throws IllegalArgumentException if {@code partitions} is less than 1, or the key's type has no stable hash
     */
    public static int partitionOf(Object key, int partitions) {
        Objects.requireNonNull(key, "key");
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be at least 1, was " + partitions);
        }
        return (int) Math.floorMod(hash(key), (long) partitions);
    }

    /**
     * {@return the partition {@code key} goes to now}
     *
     * @param key a routing key, of a type {@link #hash(Object)} takes
     */
    public int partitionOf(Object key) {
        Objects.requireNonNull(key, "key");
        return partitionOf(key, partitions.get());
    }

    /**
     * {@return the pid of the partition that owns {@code key}}
     *
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @throws IllegalStateException if that partition is not running (it is being restarted, or the supervisor
     *     is gone)
     */
    public Pid pid(Object key) {
        Objects.requireNonNull(key, "key");
        int partition = partitionOf(key);
        return node.whereis(partitionName(name, partition)).orElseThrow(() -> notRunning(partition));
    }

    /**
     * {@return a reference to the GenServer partition that owns {@code key}, a server of {@code type}} It is bound
     * to the partition's pid now: it does not follow a restart.
     *
     * @param <C> the partition server's calls
     * @param <K> the partition server's casts
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @param type the partitions' server type
     * @throws IllegalStateException if that partition is not running a server of {@code type}
     */
    public <C extends Call<?>, K> GenServerRef<C, K> ref(Object key, ServerType<C, K> type) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        int partition = partitionOf(key);
        return GenServerRef.whereis(node, partitionName(name, partition), type)
                .orElseThrow(() -> notRunning(partition, type.serverClass().getName()));
    }

    /**
     * Calls the GenServer partition that owns {@code key}; see {@link GenServerRef#call(Call)}.
     *
     * @param <R> the reply's type, fixed by the request's record
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @param request the call, one of the partition server's call records
     * @return the partition's reply, within the default 5 seconds
     * @throws IllegalStateException if that partition is not running a GenServer
     */
    public <R> R call(Object key, Call<R> request) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(request, "request");
        int partition = partitionOf(key);
        return node.whereis(partitionName(name, partition))
                .flatMap(GenServerRef::of)
                .orElseThrow(() -> notRunning(partition, "GenServer"))
                .call(request);
    }

    /**
     * Casts to the GenServer partition that owns {@code key}, a server of {@code type}; see {@link
     * GenServerRef#cast}.
     *
     * @param <K> the partition server's casts
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @param type the partitions' server type
     * @param request the cast, one of the partition server's cast records
     * @throws IllegalStateException if that partition is not running a server of {@code type}
     */
    public <K> void cast(Object key, ServerType<?, K> type, K request) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(request, "request");
        castTo(key, type, request);
    }

    private <C extends Call<?>, K> void castTo(Object key, ServerType<C, K> type, K request) {
        ref(key, type).cast(request);
    }

    /**
     * Sends {@code message} to the partition that owns {@code key}, by its name.
     *
     * @param key a routing key, of a type {@link #hash(Object)} takes
     * @param message any message; the partition receives it as a plain message ({@code handleInfo} for a server)
     * @return what became of the message, as {@link Node#send(String, Object)} tells it
     * @throws io.otp4j.process.NameNotRegisteredException if that partition is not running
     */
    public Delivery send(Object key, Object message) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(message, "message");
        return node.send(partitionName(name, partitionOf(key)), message);
    }

    private IllegalStateException notRunning(int partition) {
        return new IllegalStateException(
                "partition " + partition + " of " + name + " (" + partitionName(name, partition)
                        + ") is not running: it is being restarted, or the supervisor is gone");
    }

    private IllegalStateException notRunning(int partition, String server) {
        return new IllegalStateException(
                "partition " + partition + " of " + name + " (" + partitionName(name, partition) + ") is not a running "
                        + server + ": it is being restarted, the supervisor is gone, or it runs something else");
    }

    /** {@return how many partitions there are now} */
    public int partitions() {
        return partitions.get();
    }

    /** {@return how many partitions {@link #resize} may grow to} */
    public int maxPartitions() {
        return maxPartitions;
    }

    /** {@return the partition supervisor's name} */
    public String name() {
        return name;
    }

    /** {@return the supervisor of the partitions, for its runtime API} */
    public Supervisor supervisor() {
        return supervisor;
    }

    /**
     * Changes the number of partitions (Elixir's {@code PartitionSupervisor.resize!/2}); returns once the
     * partitions have started or stopped.
     *
     * @param to the number of partitions wanted, between 1 and {@link #maxPartitions()}
     * @return the number before
     * @throws IllegalArgumentException unless {@code 1 <= to <= maxPartitions()}
     * @throws SupervisorException if a new partition failed to start (the partitions before it stay started and
     *     routed to)
     */
    public int resize(int to) {
        if (to < 1 || to > maxPartitions) {
            throw new IllegalArgumentException(
                    "partitions must be between 1 and the maximum " + maxPartitions + ", was " + to);
        }
        resizing.lock();
        try {
            int from = partitions.get();
            if (to < from) {
                partitions.set(to); // route to the remaining ones before the others stop
                for (int i = from - 1; i >= to; i--) {
                    supervisor.terminateChild(Integer.toString(i));
                    supervisor.deleteChild(Integer.toString(i));
                }
            }
            for (int i = from; i < to; i++) {
                supervisor.startChild(child.apply(i));
                partitions.set(i + 1);
            }
            return from;
        } finally {
            resizing.unlock();
        }
    }

    /** Stops the partitions and their supervisor. */
    public void stop() {
        supervisor.stop();
    }

    @Override
    public String toString() {
        return "PartitionSupervisor[" + name + ", " + partitions.get() + " of at most " + maxPartitions
                + " partitions]";
    }
}
