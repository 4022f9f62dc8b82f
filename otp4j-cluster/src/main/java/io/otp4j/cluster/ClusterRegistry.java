package io.otp4j.cluster;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A registry of processes across the cluster: the local {@link io.otp4j.registry.Registry}'s API over every node
 * that runs a registry of the same name (Elixir's Horde or Swarm registries, Erlang's {@code global} for names).
 * A process registers itself, on its own node, under keys with a value; anyone on any node looks keys up.
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="registry"}
 *
 * <p><b>Reads are local.</b> {@link #lookup}, {@link #whereis}, {@link #dispatch}, {@link #select}, {@link #count}
 * and {@link #keys} read this node's replicated view, concurrent maps that this node's registry server publishes:
 * no message, no lock. Each node owns its entries and sends them to the others (all of them when it meets a node,
 * then each change, in order), so a registration is in this node's view when {@code register} returns, and in the
 * others' as soon as their servers have its message. An entry goes away when its process exits, unregisters, or its
 * node leaves the cluster or is cut off from this one.
 *
 * <p><b>Unique keys and conflicts</b> (ADR 28). With {@link Keys#UNIQUE} a register checks this node's view and
 * throws {@link KeyTakenException} naming the holder. Two nodes that cannot see each other (a split), or whose
 * registrations cross, can both register a key: when they meet, the key has two entries, a conflict. It is decided
 * once for the whole cluster, by one node, the first member of the installed view that runs the registry, with
 * the {@link ConflictResolver} (by default the earliest registration wins and the others are stopped). The losers'
 * nodes carry the decision out: a loser exits with {@code {shutdown, ConflictLost}} ({@link ConflictLost} names the
 * winner), or is unregistered and receives a {@link ConflictLost}, or ({@link Resolution#handOff}) hands its state
 * to the winner and exits: a loser that is a GenServer implementing {@link Handoff} gives its state, which the
 * winner's {@link Handoff#takeOver} gets on the winner's node; the event says what became of it ({@link
 * ClusterRegistryEvent.HandOver}). Neither registry server waits on either process meanwhile. Every conflict is logged (WARNING) and told to
 * the listeners ({@link ClusterRegistryEvent.Conflict}). Until it is decided, {@link #whereis} on every node that
 * holds the same entries answers with the same one, the earliest.
 *
 * <p><b>What crosses.</b> Keys and values travel to the other nodes through the cluster's codec: they must be
 * values the allow-list takes (strings, numbers, allow-listed records and enums, lists and maps of them); {@link
 * #register} refuses others with {@link NotEncodableException}. Metadata ({@link #meta}) is this node's only.
 *
 * <p>The registry is a process of this node (registered as {@code otp4j.registry.<name>}), stopped by {@link
 * #close} or with the node; its entries then go from every node's view.
 *
 * @param <K> the keys
 * @param <V> the values registered with them
 */
public final class ClusterRegistry<K, V> implements AutoCloseable {

    /** Whether a key names at most one process of the cluster, or any number of them (as the local registry's). */
    public enum Keys {
        /** A key names at most one process: a name service. Registering a taken key fails; a split may conflict. */
        UNIQUE,
        /** A key names any number of processes, a process even several times: groups, topics. No conflict. */
        DUPLICATE
    }

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final String name;
    private final Keys keys;
    private final RegistryServer server;
    private final GenServerRef<RegistryServer.Req<?>, NoCast> ref;
    private final Codec codec;
    private final Map<Object, Object> meta;

    private ClusterRegistry(
            Cluster cluster,
            String name,
            Keys keys,
            RegistryServer server,
            GenServerRef<RegistryServer.Req<?>, NoCast> ref,
            Map<Object, Object> meta) {
        this.cluster = cluster;
        this.name = name;
        this.keys = keys;
        this.server = server;
        this.ref = ref;
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        this.codec = new Codec(
                cluster.node(),
                AllowList.of(cluster.config()),
                cluster.config().maxFrameBytes(),
                loader != null ? loader : ClusterRegistry.class.getClassLoader());
        this.meta = new ConcurrentHashMap<>(meta);
    }

    /**
     * Starts the registry {@code name} on {@code cluster}'s node, with the default options.
     *
     * @param <K> the keys
     * @param <V> the values registered with them
     * @param cluster the membership of the node the registry runs on
     * @param name the registry's name: the registries of this name on every node share their entries; not blank
     * @param keys UNIQUE for a name service, DUPLICATE for groups and topics
     * @return the registry, running
     */
    public static <K, V> ClusterRegistry<K, V> start(Cluster cluster, String name, Keys keys) {
        return start(cluster, name, keys, ClusterRegistryOptions.defaults());
    }

    /**
     * Starts the registry {@code name} on {@code cluster}'s node; it meets the registries of that name on the other
     * nodes, and they share their entries.
     *
     * @param <K> the keys
     * @param <V> the values registered with them
     * @param cluster the membership of the node the registry runs on
     * @param name the registry's name: the registries of this name on every node share their entries; not blank
     * @param keys UNIQUE for a name service, DUPLICATE for groups and topics
     * @param options its listeners, conflict rule and initial metadata
     * @return the registry, running
     * @throws io.otp4j.process.NameTakenException if this node runs a registry of that name already
     * @throws IllegalArgumentException if the name is blank
     */
    public static <K, V> ClusterRegistry<K, V> start(
            Cluster cluster, String name, Keys keys, ClusterRegistryOptions<K, V> options) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(keys, "keys");
        Objects.requireNonNull(options, "options");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a cluster registry's name must not be blank, was \"" + name + "\"");
        }
        String serverName = "otp4j.registry." + name;
        RegistryServer server = new RegistryServer(cluster, name, serverName, keys, options);
        GenServerRef<RegistryServer.Req<?>, NoCast> ref =
                GenServer.start(cluster.node(), server, StartOptions.defaults().withName(serverName));
        return new ClusterRegistry<>(cluster, name, keys, server, ref, options.meta());
    }

    /** {@return the registry's name} */
    public String name() {
        return name;
    }

    /** {@return whether keys are unique or duplicate} */
    public Keys keys() {
        return keys;
    }

    /** {@return the cluster membership the registry runs on} */
    public Cluster cluster() {
        return cluster;
    }

    /** {@return the pid of this node's registry server} */
    public Pid pid() {
        return ref.pid();
    }

    /** {@return whether this node's registry server runs} */
    public boolean isRunning() {
        return ref.isAlive();
    }

    private void checkRunning() {
        if (!ref.isAlive()) {
            throw new IllegalStateException("cluster registry \"" + name + "\" is not running on node "
                    + cluster.node().name());
        }
    }

    // ------------------------------------------------------------------ registering (the registrant itself)

    /**
     * Registers the calling process under {@code key} with {@code value}. The entry is in this node's view when
     * this returns, and goes away when the process exits or {@link #unregister}s it, or this node leaves.
     *
     * @param key the key; of a class that can cross to the other nodes
     * @param value the entry's value; of a class that can cross to the other nodes
     * @param self the registering process, of this registry's node; call from its own thread
     * @throws KeyTakenException with unique keys, if a process of some node holds the key in this node's view
     * @throws IllegalArgumentException if the process runs on another node than this registry
     * @throws NotEncodableException if the key or the value cannot cross to the other nodes (the message names
     *     the class)
     * @throws IllegalStateException if the registry is not running
     */
    public void register(ProcessContext self, K key, V value) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Pid pid = registrant(self);
        codec.encode(new Frame.Send(pid, List.of(key, value))); // refuses, naming the class, what could not cross
        checkRunning();
        Optional<Pid> holder = ref.call(new RegistryServer.Register(pid, key, value), TIMEOUT);
        if (holder.isPresent()) {
            throw new KeyTakenException(name, key, holder.get());
        }
    }

    /**
     * Removes every entry of the calling process under {@code key}, on every node. Returns how many went (none if it
     * held none).
     *
     * @param key the key to remove the caller's entries under
     * @param self the process, of this registry's node; call from its own thread
     * @return how many entries went; 0 if it held none
     */
    public int unregister(ProcessContext self, K key) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Pid pid = registrant(self);
        checkRunning();
        return ref.call(new RegistryServer.Unregister(pid, key), TIMEOUT);
    }

    private Pid registrant(ProcessContext self) {
        Node node = cluster.node();
        if (self.node() != node) {
            throw new IllegalArgumentException(
                    "process " + self.self() + " runs on node " + self.node().name()
                            + ", but registers only through the cluster registry \"" + name + "\" of its own node, not "
                            + node.name() + "'s");
        }
        return self.self();
    }

    // ------------------------------------------------------------------ reading (any thread, no process involved)

    /** {@return the live entries of this node's view}: a local process that has exited is skipped at once */
    @SuppressWarnings("unchecked") // the view holds this registry's keys and values
    private List<ClusterEntry<K, V>> live(List<ClusterEntry<?, ?>> entries) {
        List<ClusterEntry<K, V>> live = new ArrayList<>(entries.size());
        Node node = cluster.node();
        for (ClusterEntry<?, ?> entry : entries) {
            if (!entry.node().equals(node.name()) || node.isAlive(entry.pid())) {
                live.add((ClusterEntry<K, V>) entry);
            }
        }
        return live;
    }

    /**
     * {@return the entries under {@code key} of every node, earliest first}: one hash probe in this node's view
     * (Elixir's {@code Registry.lookup/2}).
     *
     * @param key the key to look up
     */
    public List<ClusterEntry<K, V>> lookup(K key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        return live(server.view.byKey.getOrDefault(key, List.of()));
    }

    /**
     * {@return the process under {@code key}, if any}: with unique keys its holder, and while a conflict waits to be
     * decided the earliest entry, the same on every node that holds the same entries; with duplicate keys the
     * earliest of them.
     *
     * @param key the key to look up
     */
    public Optional<Pid> whereis(K key) {
        List<ClusterEntry<K, V>> entries = lookup(key);
        return entries.isEmpty() ? Optional.empty() : Optional.of(entries.get(0).pid());
    }

    /**
     * Runs {@code action} on the caller's thread with the entries under {@code key}, if there are any (Elixir's
     * {@code Registry.dispatch/3}); not at all if there are none.
     *
     * @param key the key to look up
     * @param action runs with the entries, never with an empty list
     */
    public void dispatch(K key, Consumer<? super List<ClusterEntry<K, V>>> action) {
        Objects.requireNonNull(action, "action");
        List<ClusterEntry<K, V>> entries = lookup(key);
        if (!entries.isEmpty()) {
            action.accept(entries);
        }
    }

    /**
     * {@return every entry of every node that {@code filter} accepts}: visits the whole view, O(entries)
     *
     * @param filter accepts the entries wanted
     */
    public List<ClusterEntry<K, V>> select(Predicate<? super ClusterEntry<K, V>> filter) {
        Objects.requireNonNull(filter, "filter");
        checkRunning();
        List<ClusterEntry<K, V>> selected = new ArrayList<>();
        for (List<ClusterEntry<?, ?>> entries : server.view.byKey.values()) {
            for (ClusterEntry<K, V> entry : live(entries)) {
                if (filter.test(entry)) {
                    selected.add(entry);
                }
            }
        }
        return selected;
    }

    /** {@return how many entries this node's view holds, of every node} */
    public int count() {
        checkRunning();
        return server.view.count();
    }

    /**
     * {@return the keys {@code pid} (of any node) has registered, a key once per entry}
     *
     * @param pid a process of any node
     */
    @SuppressWarnings("unchecked") // the view holds this registry's keys
    public List<K> keys(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        checkRunning();
        return (List<K>) server.view.byPid.getOrDefault(pid, List.of());
    }

    // ------------------------------------------------------------------ metadata (this node's)

    /**
     * {@return this node's metadata under {@code key}} (Elixir's {@code Registry.meta/2}); not replicated
     *
     * @param key the metadata's key
     */
    public Optional<Object> meta(Object key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        return Optional.ofNullable(meta.get(key));
    }

    /**
     * Sets this node's metadata under {@code key}; other nodes do not see it.
     *
     * @param key the metadata's key
     * @param value its value
     */
    public void putMeta(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkRunning();
        meta.put(key, value);
    }

    /**
     * Removes this node's metadata under {@code key}.
     *
     * @param key the metadata's key; one not set is ignored
     */
    public void deleteMeta(Object key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        meta.remove(key);
    }

    // ------------------------------------------------------------------ via names

    /**
     * {@return {@code key} as a GenServer's name, wherever the server runs}: start a server with {@code
     * StartOptions.defaults().withName(registry.via(key, value))} on any node (it registers itself there, with
     * {@code value}); reach it from any node with {@code GenServerRef.via(registry.via(key, value), type)}, which
     * looks the key up in that node's view at each request and sends to the holder's node.
     *
     * @param key the key the server registers under
     * @param value the value its entry carries
     * @throws IllegalArgumentException if the registry has duplicate keys: a via name names one process
     */
    public ViaName via(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (keys != Keys.UNIQUE) {
            throw new IllegalArgumentException(
                    "via names need unique keys; cluster registry \"" + name + "\" has duplicate keys");
        }
        return new ClusterRegistryName<>(this, key, value);
    }

    /** Stops this node's registry server: this node's entries go from every node's view. */
    @Override
    public void close() {
        if (ref.isAlive()) {
            ref.stop();
        }
    }

    @Override
    public String toString() {
        return "ClusterRegistry[" + name + ", " + keys + " on " + cluster.node().name() + "]";
    }
}
