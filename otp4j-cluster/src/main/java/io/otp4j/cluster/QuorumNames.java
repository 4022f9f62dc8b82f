package io.otp4j.cluster;

import io.otp4j.cluster.QuorumCommand.Answer;
import io.otp4j.cluster.QuorumCommand.Held;
import io.otp4j.cluster.QuorumCommand.Register;
import io.otp4j.cluster.QuorumCommand.Unregister;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Unique names that never have two holders, even across a network split: a map of keys to a process and a value,
 * replicated with Raft (jgroups-raft) among a fixed set of member nodes. A change is committed by a majority of
 * the members before it returns; on the minority side of a split there is no leader and no commit, so a change
 * fails with {@link NoQuorumException} instead of diverging (ADR 30).
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="quorum-start"}
 *
 * and then, in a process of any member:
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="quorum-use"}
 *
 * <p>Reads ({@link #whereis}, {@link #lookup}, {@link #keys()}) go to this node's copy of the map, as far as this
 * node has applied the log: without a message or a lock, and possibly behind the leader for a moment.
 *
 * <p>An entry goes when its process unregisters it or exits (the holder's node commits the removal). A node that
 * has had no command committed for the lease (it is out of the majority) stops its holders with {@link
 * QuorumLost}; the leader removes the entries of a node it has heard nothing from for the grace, which is longer.
 * So a key is taken again only once its holder has stopped.
 *
 * <p>The map runs on a JGroups channel of its own, beside the {@link Cluster}: the same transport, secret and
 * allow-list, another cluster name (and another port over TCP). Keys and values must be able to cross (ADR 23).
 * The log is kept in memory: a member that restarts starts empty and is brought up to date by the leader (ADR 30
 * tells what is open about catching up after a split).
 *
 * <p>On the module path, jgroups-raft needs its protocol packages opened to JGroups: {@code --add-opens
 * org.jgroups.raft/org.jgroups.protocols.raft=org.jgroups} and the same for {@code
 * org.jgroups.protocols.raft.election}; {@link #start} names the flags that are missing.
 *
 * @param <K> the keys
 * @param <V> the values
 */
public final class QuorumNames<K, V> implements AutoCloseable {

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final QuorumConfig config;
    private final QuorumCodec codec;
    private final QuorumState state;
    private final QuorumRaft raft;
    private final AtomicLong tokens = new AtomicLong(System.nanoTime());
    private @org.jspecify.annotations.Nullable GenServerRef<QuorumServer.Req<?>, NoCast> server;

    private QuorumNames(Cluster cluster, QuorumConfig config) {
        this.cluster = cluster;
        this.config = config;
        Node node = cluster.node();
        this.codec = new QuorumCodec(node, cluster.config());
        String serverName = serverName(config.name());
        this.state = new QuorumState(node.name(), codec, message -> node.send(serverName, message));
        this.raft = new QuorumRaft(cluster, config, state);
    }

    /**
     * Starts the map {@code config} names on {@code cluster}'s node, which must be one of its members, and joins
     * the other members' maps.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param cluster the membership of this node, one of the configuration's members
     * @param config the map's name, members, channel and timings
     * @return this node's map, joined to the others
     * @throws IllegalArgumentException if this node is not among {@link QuorumConfig#members()}
     * @throws ClusterJoinException if the quorum channel cannot start or join
     * @throws io.otp4j.process.NameTakenException if this node runs a map of that name already
     */
    public static <K, V> QuorumNames<K, V> start(Cluster cluster, QuorumConfig config) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(config, "config");
        String here = cluster.node().name();
        if (!config.members().contains(here)) {
            throw new IllegalArgumentException("node " + here + " is not a member of the quorum map \"" + config.name()
                    + "\": its members are " + config.members());
        }
        QuorumNames<K, V> names = new QuorumNames<>(cluster, config);
        names.server = GenServer.start(
                cluster.node(),
                new QuorumServer(names, here, config),
                StartOptions.defaults().withName(serverName(config.name())));
        try {
            names.raft.connect();
        } catch (RuntimeException e) {
            names.server.stop();
            throw e;
        }
        return names;
    }

    static String serverName(String map) {
        return "otp4j.quorum." + map;
    }

    /** {@return the map's name} */
    public String name() {
        return config.name();
    }

    /** {@return the names of the voting members} */
    public List<String> members() {
        return config.members();
    }

    /**
     * Registers {@code key} to the calling process with {@code value}; returns once a majority of the members has
     * committed it, and (normally: this node waits for it at most the commit timeout) this node has applied it.
     *
     * @param self the calling process, of this node; it holds the key until it unregisters or exits
     * @param key the key; it must be able to cross
     * @param value the entry's value; it must be able to cross
     * @throws QuorumNameTakenException if a process holds {@code key} (maybe the caller), naming it
     * @throws NoQuorumException if this node is not connected to a majority, or the commit took longer than
     *     {@link QuorumConfig#commitTimeout()} (saying how many members it reaches of how many needed)
     * @throws NotEncodableException if the key or the value cannot cross
     * @throws IllegalArgumentException if {@code self} is a process of another node
     */
    public void register(ProcessContext self, K key, V value) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Pid pid = checkLocal(self);
        long token = tokens.incrementAndGet();
        Register command = new Register(key, pid, value, token);
        byte[] bytes = codec.encode(command); // a key or value that cannot cross fails here, before the log
        requireLeader();
        tell(new QuorumServer.Registering(token, System.nanoTime()));
        Answer answer;
        try {
            answer = await(raft.commit(bytes), codec);
        } catch (NoQuorumException e) {
            tell(new QuorumServer.Registered(key, token, true, null));
            throw e;
        }
        tell(new QuorumServer.Registered(key, token, false, answer.kind() == Answer.Kind.DONE ? pid : null));
        if (answer.kind() == Answer.Kind.TAKEN) {
            throw new QuorumNameTakenException(
                    config.name(), key, answer.holder().getFirst());
        }
        state.await(
                () -> {
                    Held held = state.get(key);
                    return held != null && held.token() == token;
                },
                config.commitTimeout());
    }

    /**
     * Gives up {@code key}, if the calling process holds it; returns once a majority has committed it. Returns
     * false if the caller did not hold it.
     *
     * @param self the calling process
     * @param key the key to give up
     * @return whether the caller held it
     * @throws NoQuorumException if this node is not connected to a majority, or the commit took too long
     */
    public boolean unregister(ProcessContext self, K key) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Pid pid = checkLocal(self);
        Held held = state.get(key);
        if (held == null || !held.pid().equals(pid)) {
            return false;
        }
        byte[] bytes = codec.encode(new Unregister(key, pid));
        requireLeader();
        if (await(raft.commit(bytes), codec).kind() != Answer.Kind.DONE) {
            return false;
        }
        tell(new QuorumServer.Unregistered(key, pid));
        state.await(
                () -> {
                    Held now = state.get(key);
                    return now == null || now.token() != held.token();
                },
                config.commitTimeout());
        return true;
    }

    /**
     * {@return the process that holds {@code key}, as far as this node has applied the log}
     *
     * @param key the key to look up
     */
    public Optional<Pid> whereis(K key) {
        Objects.requireNonNull(key, "key");
        Held held = state.get(key);
        return held == null ? Optional.empty() : Optional.of(held.pid());
    }

    /**
     * {@return the entry of {@code key}: its holder and value, as far as this node has applied the log}
     *
     * @param key the key to look up
     */
    @SuppressWarnings("unchecked") // only this map's register puts keys and values of its types
    public Optional<QuorumEntry<K, V>> lookup(K key) {
        Objects.requireNonNull(key, "key");
        Held held = state.get(key);
        return held == null
                ? Optional.empty()
                : Optional.of(new QuorumEntry<>((K) held.key(), held.pid(), (V) held.value()));
    }

    /** {@return every key held now, as far as this node has applied the log} */
    @SuppressWarnings("unchecked")
    public Set<K> keys() {
        Set<K> keys = new HashSet<>();
        state.entries().forEach(held -> keys.add((K) held.key()));
        return Set.copyOf(keys);
    }

    /**
     * {@return the keys {@code pid} holds}
     *
     * @param pid a process of any member
     */
    @SuppressWarnings("unchecked")
    public Set<K> keys(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        Set<K> keys = new HashSet<>();
        state.entries().stream().filter(held -> held.pid().equals(pid)).forEach(held -> keys.add((K) held.key()));
        return Set.copyOf(keys);
    }

    /** {@return whether this node knows a leader now}: a change may succeed (without one, it fails at once) */
    public boolean hasLeader() {
        return raft.leader().isPresent();
    }

    /** {@return how many members, this node included, are connected to this node's quorum channel now} */
    public int reachable() {
        return raft.reachable();
    }

    /** Stops this node's map: its holders keep running, and lose their keys when the others' grace runs out. */
    @Override
    public void close() {
        GenServerRef<QuorumServer.Req<?>, NoCast> ref = server;
        if (ref != null && ref.isAlive()) {
            ref.stop();
        }
        raft.close();
    }

    @Override
    public String toString() {
        return "QuorumNames[" + config.name() + " on " + cluster.node().name() + ", members " + config.members()
                + ", leader " + raft.leader().orElse("none") + "]";
    }

    // ------------------------------------------------------------------ for the server and the tests

    Node node() {
        return cluster.node();
    }

    QuorumState state() {
        return state;
    }

    QuorumRaft raft() {
        return raft;
    }

    boolean isLeader() {
        return raft.isLeader();
    }

    /** {@return the answer to {@code command}}, failed with a {@link NoQuorumException} if it takes too long */
    CompletableFuture<Answer> commit(Object command) {
        return raft.commit(codec.encode(command)).thenApply(bytes -> decodeAnswer(bytes, codec));
    }

    /** Waits until the server has handled everything sent to it before. */
    void sync() {
        server().call(new QuorumServer.Ping(), CALL_TIMEOUT);
    }

    private void tell(Object message) {
        cluster.node().send(server().pid(), message);
    }

    private GenServerRef<QuorumServer.Req<?>, NoCast> server() {
        return Objects.requireNonNull(server, "the quorum map has started");
    }

    private Pid checkLocal(ProcessContext self) {
        Pid pid = self.self();
        if (!pid.node().equals(cluster.node().name())) {
            throw new IllegalArgumentException(
                    "only processes of node " + cluster.node().name() + " register through" + " its quorum map "
                            + config.name() + ", not " + pid);
        }
        return pid;
    }

    private void requireLeader() {
        if (raft.leader().isEmpty()) {
            throw noQuorum("no leader: this node is not in a majority, or one is being elected");
        }
    }

    private NoQuorumException noQuorum(String why) {
        return new NoQuorumException(
                config.name(),
                cluster.node().name(),
                raft.reachable(),
                config.members().size(),
                config.majority(),
                why);
    }

    private Answer await(CompletableFuture<byte[]> commit, QuorumCodec codec) {
        try {
            return decodeAnswer(commit.get(), codec);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw noQuorum("interrupted while waiting for the commit");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof TimeoutException) {
                throw noQuorum("no commit within " + config.commitTimeout());
            }
            throw noQuorum("the commit failed: " + cause);
        }
    }

    private static Answer decodeAnswer(byte[] bytes, QuorumCodec codec) {
        try {
            if (codec.decode(bytes, 0, bytes.length) instanceof Answer answer) {
                return answer;
            }
            throw new CompletionException(new BadFrameException("a quorum answer is not an answer"));
        } catch (BadFrameException e) {
            throw new CompletionException(e);
        }
    }
}
