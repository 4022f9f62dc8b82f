package io.otp4j.examples;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * The seed documents' token-bucket rate limiter, in the client-facade idiom: each key has a bucket of at most
 * {@code capacity} tokens that refills at {@code perSecond} tokens a second; a request takes one token or is
 * refused. Time is the node's clock, so a test moves it by hand.
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="limiter"}
 *
 * <p>One server serializes every check: under heavy load it becomes the bottleneck, and every caller queues
 * in its mailbox. {@link ShardedRateLimiter} runs several of these servers under a {@link
 * io.otp4j.supervisor.PartitionSupervisor} and routes each key to one of them.
 */
public final class RateLimiter {

    /** The calls. */
    sealed interface Request<R> extends Call<R> {}

    /**
     * Takes a token for {@code key}; replies whether there was one. Public, as a request that crosses to a limiter
     * on another node is rebuilt there through its public constructor.
     *
     * @param key the bucket's key
     */
    public record Acquire(String key) implements Request<Boolean> {}

    /**
     * Replies with the tokens left for {@code key}, after refilling. Public for the same reason as {@link Acquire}.
     *
     * @param key the bucket's key
     */
    public record Available(String key) implements Request<Double> {}

    private static final class Bucket {
        double tokens;
        long refilledAt;

        Bucket(double tokens, long refilledAt) {
            this.tokens = tokens;
            this.refilledAt = refilledAt;
        }
    }

    private static final class Server implements GenServer<Map<String, Bucket>, Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Server.class);

        private final int capacity;
        private final double perNano;
        private final Clock clock;
        private final Consumer<ProcessContext> onInit;

        Server(int capacity, double perSecond, Clock clock, Consumer<ProcessContext> onInit) {
            this.capacity = capacity;
            this.perNano = perSecond / 1e9;
            this.clock = clock;
            this.onInit = onInit;
        }

        @Override
        public Init<Map<String, Bucket>> init(ProcessContext self) {
            onInit.accept(self);
            return Init.ok(new HashMap<>()); // owned by the server's process alone
        }

        @Override
        public CallResult<Map<String, Bucket>> handleCall(Request<?> request, From from, Map<String, Bucket> buckets) {
            return switch (request) {
                case Acquire acquire -> {
                    Bucket bucket = refill(buckets, acquire.key());
                    boolean allowed = bucket.tokens >= 1;
                    if (allowed) {
                        bucket.tokens -= 1;
                    }
                    yield reply(acquire, allowed, buckets);
                }
                case Available available -> reply(available, refill(buckets, available.key()).tokens, buckets);
            };
        }

        private Bucket refill(Map<String, Bucket> buckets, String key) {
            long now = clock.nanoTime();
            Bucket bucket = buckets.computeIfAbsent(key, k -> new Bucket(capacity, now));
            bucket.tokens = Math.min(capacity, bucket.tokens + (now - bucket.refilledAt) * perNano);
            bucket.refilledAt = now;
            return bucket;
        }
    }

    private final GenServerRef<Request<?>, NoCast> server;

    private RateLimiter(GenServerRef<Request<?>, NoCast> server) {
        this.server = server;
    }

    /**
     * Starts a limiter on {@code node}.
     *
     * @param node the node it runs on
     * @param capacity the burst: tokens a full bucket holds; at least 1
     * @param perSecond tokens added to each bucket a second; positive
     * @return a facade over the running limiter
     */
    public static RateLimiter start(Node node, int capacity, double perSecond) {
        return start(node, capacity, perSecond, StartOptions.defaults());
    }

    /**
     * Starts a limiter with start options (a name, a mailbox kind); see {@link #start(Node, int, double)}.
     *
     * @param node the node it runs on
     * @param capacity the burst: tokens a full bucket holds; at least 1
     * @param perSecond tokens added to each bucket a second; positive
     * @param options its name and mailbox
     * @return a facade over the running limiter
     */
    public static RateLimiter start(Node node, int capacity, double perSecond, StartOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        return new RateLimiter(GenServer.start(node, server(capacity, perSecond, node.clock()), options));
    }

    /**
     * {@return a facade over the limiter registered as {@code name}, if one runs}
     *
     * @param node the node to look on
     * @param name the name the limiter is registered under
     */
    public static java.util.Optional<RateLimiter> whereis(Node node, String name) {
        return GenServerRef.whereis(node, name, Server.TYPE).map(RateLimiter::new);
    }

    /**
     * {@return a facade over the limiter registered as {@code name} on the node {@code atNode}, called from {@code
     * local}} The name is looked up there at each request (Erlang's {@code {Name, Node}}); a call to a node that
     * is not connected, or that is lost before it answers, fails with {@link
     * io.otp4j.genserver.ServerExitedException} and the reason {@code noconnection}. {@link #ref()} and {@link
     * #stop()} are for local limiters only.
     *
     * @param local this node, from which the calls go
     * @param atNode the name of the node the limiter runs on
     * @param name the name it is registered under there
     */
    public static RateLimiter at(Node local, String atNode, String name) {
        return new RateLimiter(GenServerRef.named(local, atNode, name, Server.TYPE));
    }

    /**
     * {@return a facade over the limiter found by {@code name} at each request} (a distributed supervisor's {@code
     * via}): a call made while no limiter holds the name fails with {@link
     * io.otp4j.genserver.ServerNotFoundException}; one to a node that is lost fails with {@code noconnection}.
     *
     * @param name the name that finds the limiter at each request
     */
    public static RateLimiter via(ViaName name) {
        return new RateLimiter(GenServerRef.via(name, Server.TYPE));
    }

    /**
     * {@return a limiter server, for a supervisor's child spec or a partition}
     *
     * @param capacity the burst: tokens a full bucket holds; at least 1
     * @param perSecond tokens added to each bucket a second; positive
     * @param clock the clock buckets refill by (the node's)
     */
    static GenServer<?, Request<?>, NoCast> server(int capacity, double perSecond, Clock clock) {
        return server(capacity, perSecond, clock, self -> {});
    }

    /**
     * {@return a limiter server that runs {@code onInit} in its process as it starts}, before any request: for a
     * supervisor's child whose starts are counted
     *
     * @see #server(int, double, Clock)
     */
    static GenServer<?, Request<?>, NoCast> server(
            int capacity, double perSecond, Clock clock, Consumer<ProcessContext> onInit) {
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(onInit, "onInit");
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be at least 1, was " + capacity);
        }
        if (!(perSecond > 0) || Double.isInfinite(perSecond)) {
            throw new IllegalArgumentException("perSecond must be a positive rate, was " + perSecond);
        }
        return new Server(capacity, perSecond, clock, onInit);
    }

    /**
     * {@return whether a request for {@code key} may go ahead now; if so, it has used a token}
     *
     * @param key whose bucket to take a token from: a user, an address, ...
     */
    public boolean tryAcquire(String key) {
        return server.call(new Acquire(Objects.requireNonNull(key, "key")));
    }

    /**
     * {@return the tokens {@code key} has now}
     *
     * @param key whose bucket to read
     */
    public double available(String key) {
        return server.call(new Available(Objects.requireNonNull(key, "key")));
    }

    /** {@return the server behind the facade, for introspection} */
    public GenServerRef<?, ?> ref() {
        return server;
    }

    /** Stops the limiter. */
    public void stop() {
        server.stop();
    }
}
