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
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The read-through cache the seed documents warn about: a GenServer holding a map, so every read, hit or miss,
 * is a call that waits its turn in one mailbox. Correct, simple, and a bottleneck under many readers: compare
 * {@link TableCache}.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public final class MapServerCache<K, V> implements ReadCache<K, V> {

    /** The calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Replies with the value of {@code key}, loading it if it is missing. */
    record Get(Object key) implements Request<Object> {}

    /** Holds the map; the state is the map, owned by the server's process alone. */
    private static final class Server<K, V> implements GenServer<Map<K, V>, Request<?>, NoCast> {
        private final Function<? super K, ? extends V> loader;
        private final AtomicLong loads;

        Server(Function<? super K, ? extends V> loader, AtomicLong loads) {
            this.loader = loader;
            this.loads = loads;
        }

        @Override
        public Init<Map<K, V>> init(ProcessContext self) {
            return Init.ok(new HashMap<>());
        }

        @Override
        @SuppressWarnings("unchecked") // a Get carries a K: only get(K) sends one
        public CallResult<Map<K, V>> handleCall(Request<?> request, From from, Map<K, V> map) {
            return switch (request) {
                case Get get -> {
                    K key = (K) get.key();
                    V value = map.get(key);
                    if (value == null) {
                        value = Objects.requireNonNull(loader.apply(key), () -> "the loader's value for " + key);
                        loads.incrementAndGet();
                        map.put(key, value);
                    }
                    yield reply(get, value, map);
                }
            };
        }
    }

    private final GenServerRef<Request<?>, NoCast> server;
    private final AtomicLong loads;

    private MapServerCache(GenServerRef<Request<?>, NoCast> server, AtomicLong loads) {
        this.server = server;
        this.loads = loads;
    }

    /**
     * Starts the server, registered as {@code name}.
     *
     * @param <K> the keys
     * @param <V> the values
     * @param node the node it runs on
     * @param name the name the server registers under
     * @param loader makes the value of a missing key; runs in the server's process, never returns null
     * @return a facade over the running server
     */
    public static <K, V> MapServerCache<K, V> start(Node node, String name, Function<? super K, ? extends V> loader) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loader, "loader");
        AtomicLong loads = new AtomicLong();
        return new MapServerCache<>(
                GenServer.start(
                        node,
                        new Server<>(loader, loads),
                        StartOptions.defaults().withName(name)),
                loads);
    }

    @Override
    @SuppressWarnings("unchecked") // the server replies to Get(key) with the loader's V for that key
    public V get(K key) {
        return (V) server.call(new Get(Objects.requireNonNull(key, "key")));
    }

    @Override
    public long loads() {
        return loads.get();
    }

    /** {@return the server, for introspection} */
    public GenServerRef<?, ?> server() {
        return server;
    }

    @Override
    public void stop() {
        server.stop();
    }
}
