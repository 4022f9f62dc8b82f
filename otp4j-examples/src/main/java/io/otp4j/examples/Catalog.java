package io.otp4j.examples;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * A price catalog that takes long to load, started two ways. {@link Loading#IN_INIT}: the load runs in {@code
 * init}, and since a supervisor starts its children one at a time and waits for each {@code init}, the whole tree
 * waits for it (and an init timeout can fail the start). {@link Loading#IN_CONTINUE}: {@code init} returns at once
 * with an empty catalog and asks for {@code handleContinue}, which loads before the server takes any message; the
 * supervisor goes on at once, and calls that arrive meanwhile wait in the mailbox and are answered after the load.
 *
 * <pre>
 *   IN_INIT:      supervisor ── start ──▶ init: load (slow) ───────────▶ ok ──▶ next child
 *   IN_CONTINUE:  supervisor ── start ──▶ init: ok, continue ──▶ next child
 *                                         handleContinue: load (slow) ──▶ calls answered
 * </pre>
 */
public final class Catalog {

    /** Where the long load happens. */
    public enum Loading {
        /** In {@code init}: the starter waits for the load. */
        IN_INIT,
        /** In {@code handleContinue}: the starter goes on at once. */
        IN_CONTINUE
    }

    /** The calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Replies with the price of {@code sku}, if the catalog has it. */
    record Price(String sku) implements Request<Optional<Long>> {}

    /** Replies with the number of items. */
    record Size() implements Request<Integer> {}

    private enum Load {
        INSTANCE
    }

    private static final class Server implements GenServer<Map<String, Long>, Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Server.class);

        private final Loading loading;
        private final Callable<Map<String, Long>> source;

        Server(Loading loading, Callable<Map<String, Long>> source) {
            this.loading = loading;
            this.source = source;
        }

        @Override
        public Init<Map<String, Long>> init(ProcessContext self) throws Exception {
            return switch (loading) {
                case IN_INIT -> Init.ok(Map.copyOf(source.call()));
                case IN_CONTINUE -> Init.ok(Map.<String, Long>of()).thenContinue(Load.INSTANCE);
            };
        }

        @Override
        public Result<Map<String, Long>> handleContinue(Object argument, Map<String, Long> items) throws Exception {
            return noReply(Map.copyOf(source.call()));
        }

        @Override
        public CallResult<Map<String, Long>> handleCall(Request<?> request, From from, Map<String, Long> items) {
            return switch (request) {
                case Price price -> reply(price, Optional.ofNullable(items.get(price.sku())), items);
                case Size size -> reply(size, items.size(), items);
            };
        }
    }

    private Catalog() {}

    /**
     * {@return a supervisor's child spec for a catalog registered as {@code name}}
     *
     * @param name the name the catalog registers under
     * @param loading where the load runs
     * @param source the slow load; it runs in the catalog's process on every (re)start
     */
    public static ChildSpec childSpec(String name, Loading loading, Callable<Map<String, Long>> source) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(loading, "loading");
        Objects.requireNonNull(source, "source");
        return ChildSpec.worker(
                name, () -> new Server(loading, source), StartOptions.defaults().withName(name));
    }

    /**
     * {@return a source that takes {@code latency} on {@code clock} and then yields {@code items} priced 1 to
     * {@code items}, as {@code sku-1} to {@code sku-N}} Stands in for a database query or a remote call.
     *
     * @param clock the clock the latency is waited on (a manual clock in tests)
     * @param latency how long each load takes
     * @param items how many items it yields; not negative
     */
    public static Callable<Map<String, Long>> simulatedSource(Clock clock, Duration latency, int items) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(latency, "latency");
        if (latency.isNegative()) {
            throw new IllegalArgumentException("latency must not be negative, was " + latency);
        }
        if (items < 0) {
            throw new IllegalArgumentException("items must not be negative, was " + items);
        }
        return () -> {
            ClockWait.await(clock, latency.toNanos());
            Map<String, Long> catalog = new java.util.HashMap<>();
            for (int i = 1; i <= items; i++) {
                catalog.put("sku-" + i, (long) i);
            }
            return catalog;
        };
    }

    /**
     * {@return the price of {@code sku} in the catalog registered as {@code name}; waits for its load}
     *
     * @param node the node the catalog runs on
     * @param name the name the catalog is registered under
     * @param sku the item, {@code sku-1} to {@code sku-N}
     */
    public static Optional<Long> price(Node node, String name, String sku) {
        Objects.requireNonNull(sku, "sku");
        return ref(node, name).call(new Price(sku));
    }

    /**
     * {@return the number of items in the catalog registered as {@code name}; waits for its load}
     *
     * @param node the node the catalog runs on
     * @param name the name the catalog is registered under
     */
    public static int size(Node node, String name) {
        return ref(node, name).call(new Size());
    }

    private static GenServerRef<Request<?>, NoCast> ref(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        return GenServerRef.whereis(node, name, Server.TYPE)
                .orElseThrow(() -> new IllegalStateException("no catalog is registered as " + name));
    }
}
