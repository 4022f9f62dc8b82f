package io.otp4j.cache;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * A cache of keys to values with times to live, owned by a process (Elixir's {@code con_cache}, on Caffeine).
 * See the {@linkplain io.otp4j.cache package documentation} for a tutorial.
 *
 * <p>Reads and writes run on the caller's thread, never through the cache's process: a read never queues
 * behind anyone. Writes of one key ({@link #put}, {@link #insertNew}, {@link #delete}, {@link #update}, {@link
 * #updateExisting} and the store of {@link #getOrStore}) are <em>isolated</em>: they run one at a time for that
 * key, while writes of other keys go on. A write that finds its key busy waits at most the cache's {@linkplain
 * CacheOptions#lockTimeout() lock timeout}. Everything a write did happens-before a later read that sees it.
 *
 * <p>The cache's process owns its lifetime. It exits when {@link #stop()} is called, when its owner exits (for
 * {@link #start(ProcessContext, CacheOptions)} and {@link #startLink}), on an exit signal, a kill, or when its
 * node closes. However it exits, the cache closes with it: its entries are dropped (without telling the removal
 * listener) and every later operation, except {@link #stats()} and the accessors, throws {@link
 * CacheClosedException} naming the exit reason. An operation that overlaps the close may still complete; its
 * effect is dropped with the rest.
 *
 * <p>The process is a GenServer that serves none of the operations: a start returns once it runs (and fails
 * with {@link io.otp4j.genserver.StartException} if it is ended before, its node closing meanwhile, say), and
 * {@code GenServerRef.of(cache.pid())} reaches it for {@link io.otp4j.genserver.Sys}, whose status shows the
 * cache's size, owner and statistics.
 *
 * @param <K> the keys (compared with {@code equals})
 * @param <V> the values; never null
 */
public final class Cache<K, V> implements AutoCloseable {

    private final Node node;
    private final Optional<String> name;
    private final Entries<K, V> entries;
    private final CacheServer server;

    /** The type the cache was started with, which its typed lookups check; null if it was started without one. */
    private final @Nullable CacheType<K, V> type;

    /**
     * The node's own pid until the cache's process runs, then the process's: set as it starts, before the cache
     * is handed out.
     */
    private volatile Pid pid;

    /** A cache whose process is not started yet; {@code owner} is the process it goes with, or null. */
    private Cache(
            Node node,
            @Nullable CacheType<K, V> type,
            CacheOptions<? super K, ? super V> options,
            @Nullable Pid owner) {
        this.node = node;
        this.type = type;
        this.pid = node.pid();
        this.name = options.name();
        ClockScheduler scheduler = new ClockScheduler(node);
        this.entries = new Entries<>(node.clock(), options, scheduler, this::describe);
        this.server = new CacheServer(this, entries, scheduler, owner);
    }

    // ---------------------------------------------------------------------------------------------- starting

    /**
     * Starts a cache on {@code node}, owned by no process: it lives until {@link #stop()}, an exit signal to its
     * process, or the node's close.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param node the node its process runs on
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     * @throws io.otp4j.process.NameTakenException if the options name a cache and the name is taken
     * @throws io.otp4j.process.NodeClosedException if the node is closed
     */
    public static <K, V> Cache<K, V> start(Node node, CacheOptions<? super K, ? super V> options) {
        return unowned(node, null, options);
    }

    /**
     * Starts a cache of {@code type} on {@code node}, owned by no process; see {@link #start(Node, CacheOptions)}.
     * The typed lookups with {@code type} find it.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param node the node its process runs on
     * @param type the declared key and value types that typed lookups must give to find it
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     */
    public static <K, V> Cache<K, V> start(
            Node node, CacheType<K, V> type, CacheOptions<? super K, ? super V> options) {
        return unowned(node, Objects.requireNonNull(type, "type"), options);
    }

    /**
     * Starts a cache owned by the calling process, not linked to it: when {@code owner} exits, for any reason,
     * the cache's process exits with {@code {shutdown, OwnerExited}} and the cache closes, as an ETS table goes
     * with its owner. The cache's crash does not reach the owner.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param owner the calling process, whose exit closes the cache
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     * @throws io.otp4j.process.NameTakenException if the options name a cache and the name is taken
     */
    public static <K, V> Cache<K, V> start(ProcessContext owner, CacheOptions<? super K, ? super V> options) {
        return owned(owner, null, options, false);
    }

    /**
     * Starts a cache of {@code type} owned by the calling process; see {@link #start(ProcessContext,
     * CacheOptions)}. The typed lookups with {@code type} find it.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param owner the calling process, whose exit closes the cache
     * @param type the declared key and value types that typed lookups must give to find it
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     */
    public static <K, V> Cache<K, V> start(
            ProcessContext owner, CacheType<K, V> type, CacheOptions<? super K, ? super V> options) {
        return owned(owner, Objects.requireNonNull(type, "type"), options, false);
    }

    /**
     * Starts a cache linked to and owned by the calling process: GenServer's {@code startLink}, the way a
     * supervisor starts its children. The link exists before the cache's process runs; an abnormal exit of
     * either reaches the other over it, and any exit of the parent (a normal one included) closes the cache. A
     * supervisor stops the cache with an exit signal ({@code shutdown}), which the cache's process does not trap.
     *
     * <p>The cache's pid ({@link #pid()}) is what a supervisor's start function returns; a restarted cache
     * starts empty, and clients find it again by name with {@link #whereis}.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param parent the calling process (a supervisor, typically), linked to the cache's process
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     * @throws io.otp4j.process.NameTakenException if the options name a cache and the name is taken
     */
    public static <K, V> Cache<K, V> startLink(ProcessContext parent, CacheOptions<? super K, ? super V> options) {
        return owned(parent, null, options, true);
    }

    /**
     * Starts a cache of {@code type} linked to and owned by the calling process; see {@link
     * #startLink(ProcessContext, CacheOptions)}. Clients find it, and its restarted successors, by name with
     * {@link #whereis(Node, String, CacheType)}.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param parent the calling process (a supervisor, typically), linked to the cache's process
     * @param type the declared key and value types that typed lookups must give to find it
     * @param options its time to live, size bound, name, lock timeout and removal listener
     * @return the cache, open, its process running
     */
    public static <K, V> Cache<K, V> startLink(
            ProcessContext parent, CacheType<K, V> type, CacheOptions<? super K, ? super V> options) {
        return owned(parent, Objects.requireNonNull(type, "type"), options, true);
    }

    private static <K, V> Cache<K, V> unowned(
            Node node, @Nullable CacheType<K, V> type, CacheOptions<? super K, ? super V> options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        Cache<K, V> cache = new Cache<>(node, type, options, null);
        cache.server.start(null);
        return cache;
    }

    /** Starts a cache owned by {@code owner}, and linked to it if {@code link}. */
    private static <K, V> Cache<K, V> owned(
            ProcessContext owner,
            @Nullable CacheType<K, V> type,
            CacheOptions<? super K, ? super V> options,
            boolean link) {
        Objects.requireNonNull(owner, link ? "parent" : "owner");
        Objects.requireNonNull(options, "options");
        Cache<K, V> cache = new Cache<>(owner.node(), type, options, owner.self());
        cache.server.start(link ? owner : null);
        return cache;
    }

    /** Its process runs as {@code pid}: called by the process as it starts. */
    void started(Pid pid) {
        this.pid = pid;
    }

    /**
     * {@return the live cache whose process is {@code pid}, if there is one} Its key and value types are unknown:
     * look it up with its {@link CacheType} ({@link #of(Pid, CacheType)}) to use it typed.
     *
     * @param pid the pid of the cache's process
     */
    public static Optional<Cache<?, ?>> of(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return CacheDirectory.find(pid);
    }

    /**
     * {@return the live cache whose process is {@code pid}, if there is one and it was started with {@code type}}
     *
     * @param <K> the keys
     * @param <V> the values
     * @param pid the pid of the cache's process
     * @param type the type it must have been started with (compared by identity)
     */
    public static <K, V> Optional<Cache<K, V>> of(Pid pid, CacheType<K, V> type) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
        return CacheDirectory.find(pid).flatMap(cache -> cache.as(type));
    }

    /** {@return this cache, if it was started with {@code type}} */
    @SuppressWarnings("unchecked") // started with the type, so its keys and values are the type's
    private <K1, V1> Optional<Cache<K1, V1>> as(CacheType<K1, V1> type) {
        return this.type == type ? Optional.of((Cache<K1, V1>) this) : Optional.empty();
    }

    /**
     * {@return the live cache registered as {@code name} on {@code node}, if there is one} A cache restarted
     * by its supervisor is a new object under the same name: look it up again rather than keep the old one. Its
     * key and value types are unknown: see {@link #whereis(Node, String, CacheType)}.
     *
     * @param node the node to look on
     * @param name the name the cache's process is registered under
     */
    public static Optional<Cache<?, ?>> whereis(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        return node.whereis(name).flatMap(Cache::of);
    }

    /**
     * {@return the live cache registered as {@code name} on {@code node}, if there is one and it was started
     * with {@code type}} A cache restarted by its supervisor is a new object under the same name: look it up
     * again rather than keep the old one.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param node the node to look on
     * @param name the name the cache's process is registered under
     * @param type the type it must have been started with (compared by identity)
     */
    public static <K, V> Optional<Cache<K, V>> whereis(Node node, String name, CacheType<K, V> type) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        return node.whereis(name).flatMap(pid -> of(pid, type));
    }

    // ---------------------------------------------------------------------------------------------- reading

    /**
     * {@return the value under {@code key}, if it has one that has not expired} Counts a hit or a miss; with
     * {@linkplain CacheOptions#touchOnRead() touch on read}, renews the entry's time to live. Never waits for a
     * key's lock.
     *
     * @param key the key; not null
     */
    public Optional<V> get(K key) {
        Objects.requireNonNull(key, "key");
        return entries.get(key);
    }

    /**
     * Renews the time to live of {@code key}'s entry, if it has one, as a write would, without changing its
     * value (con_cache's {@code touch}). Counts neither a hit nor a miss.
     *
     * @param key the key; not null
     * @return whether the key had an entry
     */
    public boolean touch(K key) {
        Objects.requireNonNull(key, "key");
        return entries.touch(key);
    }

    /**
     * {@return how many entries the cache holds} Expired entries count until the cache removes them: on its
     * schedule, by a read that finds them, or by {@link #cleanUp()}; call that first for an exact count.
     */
    public long size() {
        return entries.size();
    }

    /** {@return what the cache has counted since it started} Works after the cache has closed, too. */
    public CacheStats stats() {
        return entries.stats();
    }

    // ---------------------------------------------------------------------------------------------- writing

    /**
     * Stores {@code value} under {@code key} with the cache's time to live, replacing any value. Isolated.
     *
     * @param key the key; not null
     * @param value the value; not null
     */
    public void put(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        entries.put(key, value, entries.defaultTtlNanos());
    }

    /**
     * Stores {@code value} under {@code key} to live for {@code ttl}, replacing any value. Isolated.
     *
     * @param key the key; not null
     * @param value the value; not null
     * @param ttl how long the entry lives after this write; positive
     */
    public void put(K key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        entries.put(key, value, Ttl.nanos(ttl, "ttl"));
    }

    /**
     * Stores {@code value} under {@code key} with the cache's time to live, unless the key already has a live
     * value. Isolated.
     *
     * @param key the key; not null
     * @param value the value; not null
     * @return whether it stored the value
     */
    public boolean insertNew(K key, V value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        return entries.insertNew(key, value, entries.defaultTtlNanos());
    }

    /**
     * Stores {@code value} under {@code key} to live for {@code ttl}, unless the key already has a live value.
     * Isolated.
     *
     * @param key the key; not null
     * @param value the value; not null
     * @param ttl how long the entry lives after this write; positive
     * @return whether it stored the value
     */
    public boolean insertNew(K key, V value, Duration ttl) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(ttl, "ttl");
        return entries.insertNew(key, value, Ttl.nanos(ttl, "ttl"));
    }

    /**
     * Removes {@code key}'s entry. Isolated. The removal listener hears {@link RemovalCause#DELETED}.
     *
     * @param key the key; not null
     * @return whether the key had a live value
     */
    public boolean delete(K key) {
        Objects.requireNonNull(key, "key");
        return entries.delete(key);
    }

    /**
     * Returns the value under {@code key}; on a miss, computes one with {@code compute}, stores it with the
     * cache's time to live and returns it (con_cache's {@code get_or_store}). Concurrent misses of one key
     * compute once: the first computes while the others wait for its key, then find its value. A hit takes no
     * lock. See {@link #getOrStore(Object, Duration, Function)}.
     *
     * @param key the key; not null
     * @param compute makes the value from the key on a miss; must not return null
     * @return the value found, or the one computed and stored
     */
    public V getOrStore(K key, Function<? super K, ? extends V> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(compute, "compute");
        return entries.getOrStore(key, entries.defaultTtlNanos(), compute);
    }

    /**
     * Returns the value under {@code key}; on a miss, computes one with {@code compute}, stores it to live for
     * {@code ttl} and returns it. Concurrent misses of one key compute once.
     *
     * <p>{@code compute} runs on the caller's thread, holding only this key: it may block, and may use other
     * keys of the cache (or this one: the key's lock is reentrant). If it throws, or returns null, nothing is
     * stored, the failure is counted in {@link CacheStats#loadFailures()}, and the exception (or a {@link
     * NullPointerException} naming the key) reaches the caller; a caller waiting for the same key then computes
     * in its turn.
     *
     * @param key the key; not null
     * @param ttl how long the entry lives after this write; positive
     * @param compute makes the value from the key on a miss; must not return null
     * @return the value found, or the one computed and stored
     */
    public V getOrStore(K key, Duration ttl, Function<? super K, ? extends V> compute) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(compute, "compute");
        return entries.getOrStore(key, Ttl.nanos(ttl, "ttl"), compute);
    }

    /**
     * Replaces {@code key}'s value with what {@code update} makes of it (con_cache's {@code update}): {@code
     * update} gets the current value, or empty when the key has none, and returns the new one. Isolated: no
     * other write of the key runs meanwhile, so no update is lost. The entry keeps its own time to live,
     * renewed; a new entry gets the cache's.
     *
     * <p>If {@code update} throws, or returns null, nothing changes and the exception (or a {@link
     * NullPointerException} naming the key) reaches the caller.
     *
     * @param key the key; not null
     * @param update makes the new value from the current one (empty if none); must not return null
     * @return the new value
     */
    public V update(K key, Function<? super Optional<V>, ? extends V> update) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        return entries.update(key, -1, update);
    }

    /**
     * Replaces {@code key}'s value with what {@code update} makes of it, as {@link #update(Object, Function)},
     * and gives the entry the time to live {@code ttl}.
     *
     * @param key the key; not null
     * @param ttl how long the entry lives after this write; positive
     * @param update makes the new value from the current one (empty if none); must not return null
     * @return the new value
     */
    public V update(K key, Duration ttl, Function<? super Optional<V>, ? extends V> update) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(ttl, "ttl");
        Objects.requireNonNull(update, "update");
        return entries.update(key, Ttl.nanos(ttl, "ttl"), update);
    }

    /**
     * Replaces {@code key}'s value with what {@code update} makes of it, if the key has a live value
     * (con_cache's {@code update_existing}); otherwise does nothing. Isolated; the entry keeps its own time to
     * live, renewed. If {@code update} throws, or returns null, nothing changes.
     *
     * @param key the key; not null
     * @param update makes the new value from the current one; must not return null
     * @return the new value, or empty if the key had none
     */
    public Optional<V> updateExisting(K key, UnaryOperator<V> update) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        return entries.updateExisting(key, update);
    }

    /**
     * Runs Caffeine's pending maintenance now, on the calling thread: entries whose time to live ran out on the
     * node's clock at least a tick of Caffeine's timer wheel ago (2^30 ns, about a second) leave, and the size
     * bound evicts what it must; both are counted in {@link #stats()} before this returns, and the removal
     * listener hears of them on the cache's process. The cache does this by itself on its process, within a
     * second or two of an entry's expiry; tests call it after advancing a manual clock.
     */
    public void cleanUp() {
        entries.cleanUp();
    }

    /** {@return how many keys have a lock now} (tests check that none is left behind) */
    int lockedKeys() {
        return entries.lockedKeys();
    }

    // ---------------------------------------------------------------------------------------------- lifetime

    /** {@return the cache's process} */
    public Pid pid() {
        return pid;
    }

    /** {@return the node the cache's process runs on} */
    public Node node() {
        return node;
    }

    /** {@return the name the cache's process registered, if any} */
    public Optional<String> name() {
        return name;
    }

    /** {@return whether the cache is open: its process has not exited} */
    public boolean isOpen() {
        return entries.closedWith() == null;
    }

    /** {@return the reason the cache's process exited with, or empty while it is open} */
    public Optional<ExitReason> exitReason() {
        return Optional.ofNullable(entries.closedWith());
    }

    /**
     * Stops the cache's process (it exits normally) and waits until it is gone: its entries dropped, its name
     * free. If it does not exit within 5 seconds (a removal listener stuck on its process), it is killed. Does
     * nothing if the cache is closed already. Called from the cache's own process (a removal listener), it asks
     * the process to exit and returns at once.
     */
    public void stop() {
        server.stop();
    }

    /** Stops the cache: {@link #stop()}, for try-with-resources. */
    @Override
    public void close() {
        stop();
    }

    String describe() {
        return "cache" + name.map(n -> " \"" + n + "\"").orElse("") + " " + pid;
    }

    @Override
    public String toString() {
        return describe()
                + exitReason().map(reason -> " (closed: " + reason + ")").orElse("");
    }
}
