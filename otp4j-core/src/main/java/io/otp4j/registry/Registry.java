package io.otp4j.registry;

import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A local, scalable key-value store of processes: Elixir's {@code Registry}. A process registers itself under
 * keys, with a value; anyone looks keys up; entries go away when their process exits, however it exits.
 *
 * {@snippet class="io.otp4j.registry.RegistrySnippetsTest" region="rooms"}
 *
 * <h2>Reads never queue</h2>
 *
 * Lookups, dispatch, selection, counts and metadata read concurrent hash maps directly on the caller's thread: no
 * message, no process in the way, one hash probe per key. Registrations are also written by the registrant
 * itself. The registry's processes (its partitions) only monitor registrants and clean up after them, so a busy
 * registry is never the bottleneck a map held by one {@code GenServer} is.
 *
 * <h2>Keys</h2>
 *
 * With {@link Keys#UNIQUE} a key names at most one process ({@link #register} of a taken key throws {@link
 * AlreadyRegisteredException} naming the holder) and the registry serves as a name service, also for GenServers
 * ({@link #via}). With {@link Keys#DUPLICATE} any number of processes register under one key, a process even
 * several times: process groups and pub/sub ({@link #dispatch}).
 *
 * <h2>Cleanup</h2>
 *
 * A registrant's entries are removed when it exits, normally, by a crash or killed: the partition its pid hashes to
 * monitors it from its first registration on. Until that partition has handled the exit, a dead registrant's
 * entries may still be counted and selected; {@link #lookup}, {@link #dispatch} and via names already skip them,
 * and a unique key held by a process that is no longer alive may be registered again at once.
 *
 * <h2>Lifecycle</h2>
 *
 * The registry is one process per partition on its node, registered as {@code name/0}, {@code name/1}, …; the
 * first is linked to the others, so they live and die together, and {@link #startLink} links it to a parent. When
 * the registry stops (by {@link #stop}, its node closing, or an exit signal) every operation throws {@link
 * IllegalStateException}.
 *
 * <p>All methods may be called from any thread; those that take a {@link ProcessContext} act for that process and
 * must run on its own thread.
 *
 * @param <K> the keys
 * @param <V> the values registered with them
 */
public final class Registry<K, V> {

    private static final System.Logger LOG = System.getLogger("io.otp4j.registry");

    /** How long {@link #start} waits for the partitions, and {@link #stop} for them to be gone. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    /**
     * What {@link #updateValue} did.
     *
     * @param <V> the registry's values
     * @param newValue the value now registered
     * @param oldValue the value before
     */
    public record ValueUpdate<V>(V newValue, V oldValue) {
        /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
        public ValueUpdate {
            Objects.requireNonNull(newValue, "newValue");
            Objects.requireNonNull(oldValue, "oldValue");
        }
    }

    private final Node node;
    private final String name;
    private final RegistryOptions options;
    private final Table<K, V> table;
    private final Partitions<K, V> partitions;
    private final Registrations<K, V> registrations;
    private final Lookups<K, V> lookups;
    private final ConcurrentHashMap<Object, Object> meta;
    private volatile boolean running = true;

    private Registry(Node node, String name, RegistryOptions options) {
        this.node = node;
        this.name = name;
        this.options = options;
        this.table = Table.of(options.keys());
        this.partitions = new Partitions<>(this, node, name, options.partitions());
        this.registrations = new Registrations<>(node, name, table, partitions, new Listeners(node, options, this));
        this.lookups = new Lookups<>(node, table);
        this.meta = new ConcurrentHashMap<>(options.meta());
    }

    // ------------------------------------------------------------------ starting and stopping

    /**
     * Starts a registry on {@code node}, linked to no one, and waits for its partitions.
     *
     * @param <K> the keys; their {@code equals} and {@code hashCode} find entries
     * @param <V> the values registered with them
     * @param node the node it runs on; only processes of this node register in it
     * @param name the registry's name, for its processes ({@code name/0}, …), messages and events
     * @param options unique or duplicate keys, partitions, listeners, metadata
     * @return the running registry
     * @throws io.otp4j.process.NameTakenException if a registry of that name runs on the node
     * @throws io.otp4j.process.NodeClosedException if the node is closed
     * @throws IllegalArgumentException if the name is blank
     */
    public static <K, V> Registry<K, V> start(Node node, String name, RegistryOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(node, "node");
        return start(node, null, name, options);
    }

    /**
     * Starts a registry linked to the calling process, as a supervisor would, and waits for its partitions: if
     * either exits abnormally, the other receives the exit signal.
     *
     * @param <K> the keys; their {@code equals} and {@code hashCode} find entries
     * @param <V> the values registered with them
     * @param parent the calling process, which the partitions link to
     * @param name the registry's name, for its processes, messages and events; not blank
     * @param options unique or duplicate keys, partitions, listeners, metadata
     * @return the running registry
     * @see #start(Node, String, RegistryOptions)
     */
    public static <K, V> Registry<K, V> startLink(ProcessContext parent, String name, RegistryOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(parent, "parent");
        return start(parent.node(), parent, name, options);
    }

    private static <K, V> Registry<K, V> start(
            Node node, @Nullable ProcessContext parent, String name, RegistryOptions options) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(options, "options");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a registry's name must not be blank, was \"" + name + "\"");
        }
        Registry<K, V> registry = new Registry<>(node, name, options);
        registry.partitions.start(parent);
        return registry;
    }

    /** The first partition to exit stops the registry: its entries can no longer be kept up to date. */
    void stopped() {
        if (running) {
            running = false;
            registrations.clear();
        }
    }

    /**
     * Stops the registry: its partitions exit normally (a linked parent is not disturbed), its entries go away,
     * and from then on every operation throws {@link IllegalStateException}. Returns once the partitions are gone.
     * Does nothing if the registry is not running.
     */
    public void stop() {
        if (!partitions.stop(WAIT)) {
            LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1}", this, WAIT);
        }
    }

    /** {@return whether the registry runs} */
    public boolean isRunning() {
        return running;
    }

    /** {@return the registry's name} */
    public String name() {
        return name;
    }

    /** {@return the node the registry runs on} */
    public Node node() {
        return node;
    }

    /** {@return whether keys are unique or duplicate} */
    public Keys keys() {
        return options.keys();
    }

    /** {@return the pids of the registry's partition processes, in partition order} */
    public List<Pid> partitions() {
        return partitions.pids();
    }

    /**
     * {@return the pid of the partition that watches {@code pid}'s registrations}
     *
     * @param pid any process of the registry's node; it need not have registered
     */
    public Pid partitionOf(Pid pid) {
        return partitions.of(Objects.requireNonNull(pid, "pid")).pid();
    }

    private void checkRunning() {
        if (!running) {
            throw new IllegalStateException("registry \"" + name + "\" is not running");
        }
    }

    // ------------------------------------------------------------------ registering (the registrant itself)

    /**
     * Registers the calling process under {@code key} with {@code value} (Elixir's {@code Registry.register/3}).
     * The entry goes away when the process exits, or {@link #unregister}s it. Listeners receive a {@link
     * RegistryEvent.Registered}. With duplicate keys a process may register the same key several times; each is an
     * entry of its own.
     *
     * <p>The entry is visible to every thread when this returns.
     *
     * @param self the registering process; call from its own thread
     * @param key the key; compared with {@code equals}
     * @param value the value to register with it; anyone who looks the key up sees it
     * @throws AlreadyRegisteredException with unique keys, if a live process (maybe the caller) holds the key
     * @throws IllegalArgumentException if the process runs on another node than the registry
     * @throws IllegalStateException if the registry is not running
     */
    public void register(ProcessContext self, K key, V value) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Pid pid = registrant(self);
        checkRunning();
        registrations.register(pid, key, value);
    }

    /**
     * Removes every entry of the calling process under {@code key} (Elixir's {@code Registry.unregister/2}).
     * Listeners receive a {@link RegistryEvent.Unregistered} per entry removed. Does nothing if there is none.
     *
     * @param self the process; call from its own thread
     * @param key the key; compared with {@code equals}
     */
    public void unregister(ProcessContext self, K key) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        unregisterMatch(self, key, value -> true);
    }

    /**
     * Removes the entries of the calling process under {@code key} whose value {@code match} accepts (Elixir's
     * {@code Registry.unregister_match/4}).
     *
     * @param self the process; call from its own thread
     * @param key the key; compared with {@code equals}
     * @param match accepts the values of the entries to remove
     * @return how many entries were removed
     */
    public int unregisterMatch(ProcessContext self, K key, Predicate<? super V> match) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(match, "match");
        Pid pid = registrant(self);
        checkRunning();
        return registrations.unregisterMatch(pid, key, match);
    }

    /**
     * Replaces the value of the calling process's entry under a unique {@code key} with {@code update} applied to
     * it (Elixir's {@code Registry.update_value/3}). Listeners are not told.
     *
     * @param self the process; call from its own thread
     * @param key the key; compared with {@code equals}
     * @param update makes the new value from the old one; runs on the caller's thread; must not return null
     * @return the new and old values, or empty if the caller does not hold the key
     * @throws UnsupportedOperationException if the registry has duplicate keys
     */
    public Optional<ValueUpdate<V>> updateValue(ProcessContext self, K key, UnaryOperator<V> update) {
        Objects.requireNonNull(self, "self");
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        if (!(table instanceof Table.Unique<K, V> unique)) {
            throw new UnsupportedOperationException(
                    "updateValue needs unique keys; registry \"" + name + "\" has duplicate keys");
        }
        Pid pid = registrant(self);
        checkRunning();
        Slot<K, V> slot = unique.get(key);
        if (slot == null || !slot.pid.equals(pid)) {
            return Optional.empty();
        }
        V old = slot.value;
        V now = Objects.requireNonNull(update.apply(old), "the value updateValue's function returned");
        slot.value = now; // only the holder writes its slot's value
        return Optional.of(new ValueUpdate<>(now, old));
    }

    private Pid registrant(ProcessContext self) {
        Objects.requireNonNull(self, "self");
        if (self.node() != node) {
            throw new IllegalArgumentException("process " + self.self() + " runs on node "
                    + self.node().name() + ", but registry \"" + name + "\" is local to node " + node.name());
        }
        return self.self();
    }

    /** Removes the slots of a registrant that exited; runs on its partition's thread. */
    void cleanUp(Partition.Owner<K, V> owner) {
        registrations.cleanUp(owner);
    }

    // ------------------------------------------------------------------ reading (any thread, no process involved)

    /**
     * {@return the entries under {@code key}, of live processes, in no particular order} (Elixir's {@code
     * Registry.lookup/2}). One hash probe: O(1) for unique keys, O(entries under the key) for duplicate keys.
     *
     * @param key the key; compared with {@code equals}
     */
    public List<Entry<K, V>> lookup(K key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        return lookups.lookup(key);
    }

    /**
     * {@return the live process under a unique {@code key}, if any} With duplicate keys, one of them, if any.
     *
     * @param key the key; compared with {@code equals}
     */
    public Optional<Pid> whereis(K key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        return lookups.whereis(key);
    }

    /**
     * Runs {@code action} on the caller's thread with the entries under {@code key} of live processes, if there are
     * any (Elixir's {@code Registry.dispatch/3}); not at all if there are none. The registrants take no part unless
     * {@code action} sends them something.
     *
     * @param key the key; compared with {@code equals}
     * @param action receives the entries, a non-empty list; runs on the caller's thread
     */
    public void dispatch(K key, Consumer<? super List<Entry<K, V>>> action) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(action, "action");
        List<Entry<K, V>> entries = lookup(key);
        if (!entries.isEmpty()) {
            action.accept(entries);
        }
    }

    /**
     * {@return the keys {@code pid} has registered, a key once per entry (Elixir's {@code Registry.keys/2})} Empty
     * for a process that holds none.
     *
     * @param pid any process
     */
    public List<K> keys(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        checkRunning();
        Partition.Owner<K, V> owner = registrations.owner(pid);
        return owner == null ? List.of() : owner.slots.stream().map(s -> s.key).toList();
    }

    /**
     * {@return the values {@code pid} has registered under {@code key} (Elixir's {@code Registry.values/3})}
     *
     * @param key the key; compared with {@code equals}
     * @param pid any process
     */
    public List<V> values(K key, Pid pid) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(pid, "pid");
        checkRunning();
        return lookups.values(key, pid);
    }

    /**
     * {@return the entries under {@code key} whose value {@code match} accepts (Elixir's {@code Registry.match/4})}
     *
     * @param key the key; compared with {@code equals}
     * @param match accepts the values of the entries to return; runs on the caller's thread
     */
    public List<Entry<K, V>> match(K key, Predicate<? super V> match) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(match, "match");
        checkRunning();
        return lookups.match(key, match);
    }

    /** {@return how many entries the registry holds (Elixir's {@code Registry.count/1})} */
    public int count() {
        checkRunning();
        return table.size();
    }

    /**
     * {@return how many entries under {@code key} have a value {@code match} accepts (Elixir's {@code
     * Registry.count_match/4})}
     *
     * @param key the key; compared with {@code equals}
     * @param match accepts the values of the entries to count; runs on the caller's thread
     */
    public int countMatch(K key, Predicate<? super V> match) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(match, "match");
        return match(key, match).size();
    }

    /**
     * {@return every entry that {@code filter} accepts, over all keys (Elixir's {@code Registry.select/2})} Visits
     * the whole registry: O(entries).
     *
     * @param filter accepts the entries to return; runs on the caller's thread
     */
    public List<Entry<K, V>> select(Predicate<? super Entry<K, V>> filter) {
        Objects.requireNonNull(filter, "filter");
        checkRunning();
        return lookups.select(filter);
    }

    /**
     * {@return how many entries {@code filter} accepts (Elixir's {@code Registry.count_select/2})}
     *
     * @param filter accepts the entries to count; runs on the caller's thread
     */
    public int countSelect(Predicate<? super Entry<K, V>> filter) {
        Objects.requireNonNull(filter, "filter");
        return select(filter).size();
    }

    // ------------------------------------------------------------------ metadata

    /**
     * {@return the registry's metadata under {@code key} (Elixir's {@code Registry.meta/2})}
     *
     * @param key the metadata's key, from {@link RegistryOptions#withMeta} or {@link #putMeta}
     */
    public Optional<Object> meta(Object key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        return Optional.ofNullable(meta.get(key));
    }

    /**
     * Sets the registry's metadata under {@code key} (Elixir's {@code Registry.put_meta/3}).
     *
     * @param key the metadata's key
     * @param value the value, replacing any before
     */
    public void putMeta(Object key, Object value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        checkRunning();
        meta.put(key, value);
    }

    /**
     * Removes the registry's metadata under {@code key} (Elixir's {@code Registry.delete_meta/2}).
     *
     * @param key the metadata's key; nothing happens if there is none
     */
    public void deleteMeta(Object key) {
        Objects.requireNonNull(key, "key");
        checkRunning();
        meta.remove(key);
    }

    // ------------------------------------------------------------------ via names

    /**
     * {@return the name {@code key} in this registry, for a GenServer} (Elixir's {@code {:via, Registry,
     * {registry, key, value}}}): start a server with {@code StartOptions.defaults().withName(registry.via(key,
     * value))}, reach it with {@code GenServerRef.via(registry.via(key, value), serverType)}. The server registers itself
     * with {@code value}; if the key is taken the start fails with a {@code StartException} naming the holder.
     *
     * @param key the server's key in this registry
     * @param value the value the server registers with its key
     * @throws IllegalArgumentException if the registry has duplicate keys: a via name must name one process
     */
    public ViaName via(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        if (options.keys() != Keys.UNIQUE) {
            throw new IllegalArgumentException(
                    "via names need unique keys; registry \"" + name + "\" has duplicate keys");
        }
        return new RegistryName<>(this, key, value);
    }

    @Override
    public String toString() {
        return "Registry[" + name + ", " + options.keys() + ", " + partitions.size() + " partition(s)]";
    }
}
