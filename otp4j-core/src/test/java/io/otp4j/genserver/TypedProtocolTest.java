package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Typed protocols: calls are a sealed hierarchy of {@code Call<R>} records, so {@code call} returns each
 * request's own reply type, and the server's switches over calls and casts are exhaustive. What is checked
 * here is checked by the compiler first (no cast anywhere below); the assertions check the values.
 */
class TypedProtocolTest {

    /** A small key-value store. Each call names the type of its reply. */
    sealed interface StoreCall<R> extends Call<R> {}

    record Put(String key, String value) implements StoreCall<Optional<String>> {} // replies with the old value

    record Lookup(String key) implements StoreCall<Optional<String>> {}

    record Size() implements StoreCall<Integer> {}

    record Keys() implements StoreCall<List<String>> {}

    sealed interface StoreCast {}

    record Remove(String key) implements StoreCast {}

    record Clear() implements StoreCast {}

    private static final class Store implements GenServer<Map<String, String>, StoreCall<?>, StoreCast> {
        static final ServerType<StoreCall<?>, StoreCast> TYPE = ServerType.of(Store.class);

        @Override
        public Init<Map<String, String>> init(ProcessContext self) {
            return Init.ok(Map.of());
        }

        @Override
        public CallResult<Map<String, String>> handleCall(StoreCall<?> request, From from, Map<String, String> map) {
            // Exhaustive: adding a call to StoreCall without a case here does not compile.
            return switch (request) {
                case Put put -> {
                    Map<String, String> next = new TreeMap<>(map);
                    Optional<String> old = Optional.ofNullable(next.put(put.key(), put.value()));
                    yield reply(put, old, Map.copyOf(next));
                }
                case Lookup lookup -> reply(lookup, Optional.ofNullable(map.get(lookup.key())), map);
                case Size size -> reply(size, map.size(), map);
                case Keys keys -> reply(keys, List.copyOf(new TreeMap<>(map).keySet()), map);
            };
        }

        @Override
        public Result<Map<String, String>> handleCast(StoreCast request, Map<String, String> map) {
            return switch (request) {
                case Remove remove -> {
                    Map<String, String> next = new TreeMap<>(map);
                    next.remove(remove.key());
                    yield noReply(Map.copyOf(next));
                }
                case Clear clear -> noReply(Map.of());
            };
        }
    }

    @Test
    void eachCallReturnsItsOwnReplyType() {
        try (Node node = Node.start("typed")) {
            GenServerRef<StoreCall<?>, StoreCast> store = GenServer.start(node, new Store());

            Optional<String> first = store.call(new Put("lang", "erlang"));
            Optional<String> second = store.call(new Put("lang", "java"));
            Optional<String> found = store.call(new Lookup("lang"));
            Optional<String> missing = store.call(new Lookup("nope"));
            store.call(new Put("vm", "beam"));
            int size = store.call(new Size()); // unboxed from Integer: no cast
            List<String> keys = store.call(new Keys());

            assertThat(first).isEmpty();
            assertThat(second).contains("erlang");
            assertThat(found).contains("java");
            assertThat(missing).isEmpty();
            assertThat(size).isEqualTo(2);
            assertThat(keys).containsExactly("lang", "vm");
        }
    }

    @Test
    void castsOfTheSealedHierarchyReachHandleCast() {
        try (Node node = Node.start("typed-cast")) {
            GenServerRef<StoreCall<?>, StoreCast> store = GenServer.start(node, new Store());
            store.call(new Put("a", "1"));
            store.call(new Put("b", "2"));
            store.call(new Put("c", "3"));

            store.cast(new Remove("b"));
            List<String> afterRemove = store.call(new Keys());
            store.cast(new Clear());
            int afterClear = store.call(new Size());

            assertThat(afterRemove).containsExactly("a", "c");
            assertThat(afterClear).isZero();
        }
    }

    @Test
    void theReferenceFoundByNameIsTypedByTheServersType() {
        try (Node node = Node.start("typed-name")) {
            GenServer.start(node, new Store(), StartOptions.defaults().withName("store"));
            GenServerRef<StoreCall<?>, StoreCast> store =
                    GenServerRef.whereis(node, "store", Store.TYPE).orElseThrow();
            store.call(new Put("k", "v"));
            Optional<String> value = store.call(new Lookup("k"));
            assertThat(value).contains("v");
        }
    }
}
