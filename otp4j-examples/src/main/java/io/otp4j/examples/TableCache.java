package io.otp4j.examples;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.table.SetTable;
import io.otp4j.table.Table;
import io.otp4j.table.TableAccess;
import io.otp4j.table.TableOptions;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * A read-through cache on a {@link Table}, the ETS idiom: a GenServer owns a protected table, so only it writes,
 * while readers look values up on their own threads and never queue in its mailbox. Only a miss becomes a call:
 * the owner loads the value once (a second miss for the same key finds it in the table) and inserts it.
 *
 * <pre>
 *   reader ── lookup ──▶ [ table ]  ◀── insert ── [ owner ] ◀── call Load(key), on a miss only
 * </pre>
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="table-cache"}
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class TableCache<K, V> implements ReadCache<K, V> {

    /** The owner's calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Loads {@code key} unless it is in the table by now, and replies with its value. */
    record Load(Object key) implements Request<Object> {}

    /** Owns the table; the state is the table. */
    private static final class Owner<K, V> implements GenServer<SetTable<K, V>, Request<?>, NoCast> {
        private final Function<? super K, ? extends V> loader;
        private final String name;
        private final AtomicLong loads;
        private final CompletableFuture<SetTable<K, V>> created;

        Owner(
                Function<? super K, ? extends V> loader,
                String name,
                AtomicLong loads,
                CompletableFuture<SetTable<K, V>> created) {
            this.loader = loader;
            this.name = name;
            this.loads = loads;
            this.created = created;
        }

        @Override
        public Init<SetTable<K, V>> init(ProcessContext self) {
            SetTable<K, V> table = Table.set(
                    self,
                    TableOptions.defaults().withAccess(TableAccess.PROTECTED).withName(name));
            created.complete(table);
            return Init.ok(table);
        }

        @Override
        @SuppressWarnings("unchecked") // a Load carries a K: only get(K) sends one
        public CallResult<SetTable<K, V>> handleCall(Request<?> request, From from, SetTable<K, V> table) {
            return switch (request) {
                case Load load -> {
                    K key = (K) load.key();
                    Optional<V> cached = table.lookup(key); // another reader's miss may have loaded it
                    V value;
                    if (cached.isPresent()) {
                        value = cached.get();
                    } else {
                        value = Objects.requireNonNull(loader.apply(key), () -> "the loader's value for " + key);
                        loads.incrementAndGet();
                        table.insert(key, value);
                    }
                    yield reply(load, value, table);
                }
            };
        }
    }

    private final GenServerRef<Request<?>, NoCast> owner;
    private final SetTable<K, V> table;
    private final AtomicLong loads;

    private TableCache(GenServerRef<Request<?>, NoCast> owner, SetTable<K, V> table, AtomicLong loads) {
        this.owner = owner;
        this.table = table;
        this.loads = loads;
    }

    /**
     * Starts the owner, registered as {@code name}, with a protected table of the same name.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param node the node it runs on
     * @param name the name the owner and its table register under
     * @param loader makes the value of a missing key; runs in the owner's process, never returns null
     * @return a facade over the running cache
     */
    public static <K, V> TableCache<K, V> start(Node node, String name, Function<? super K, ? extends V> loader) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        AtomicLong loads = new AtomicLong();
        CompletableFuture<SetTable<K, V>> created = new CompletableFuture<>();
        GenServerRef<Request<?>, NoCast> owner = GenServer.start(
                node,
                new Owner<>(loader, name, loads, created),
                StartOptions.defaults().withName(name));
        return new TableCache<>(owner, created.join(), loads); // init has run: start waits for it
    }

    @Override
    @SuppressWarnings("unchecked") // the owner replies to Load(key) with the loader's V for that key
    public V get(K key) {
        Objects.requireNonNull(key, "key");
        Optional<V> cached = table.lookup(key);
        return cached.isPresent() ? cached.get() : (V) owner.call(new Load(key));
    }

    @Override
    public long loads() {
        return loads.get();
    }

    /** {@return the owner, for introspection} */
    public GenServerRef<?, ?> owner() {
        return owner;
    }

    @Override
    public void stop() {
        owner.stop();
    }
}
