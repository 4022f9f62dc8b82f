package io.otp4j.examples;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.Objects;

/**
 * The seed documents' Counter in the client-facade idiom (Elixir's): a public class with typed methods over a
 * private server. Callers never see the messages: {@link #increment} is a call (it waits for the new value),
 * {@link #add} a cast (it returns at once). A call after casts from the same caller sees them, because one
 * mailbox keeps one sender's messages in order.
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="counter"}
 */
public final class Counter {

    /** The calls: each names its reply type. */
    sealed interface Request<R> extends Call<R> {}

    /** Replies with the count. */
    record Get() implements Request<Long> {}

    /** Adds {@code by} and replies with the new count. */
    record Increment(long by) implements Request<Long> {}

    /** The casts. */
    sealed interface Message {}

    /** Adds {@code n}. */
    record Add(long n) implements Message {}

    /** Sets the count to zero. */
    record Reset() implements Message {}

    /** The server: callbacks only; the state is the count. */
    static final class Server implements GenServer<Long, Request<?>, Message> {
        static final ServerType<Request<?>, Message> TYPE = ServerType.of(Server.class);

        private final long initial;

        Server(long initial) {
            this.initial = initial;
        }

        @Override
        public Init<Long> init(ProcessContext self) {
            return Init.ok(initial);
        }

        @Override
        public CallResult<Long> handleCall(Request<?> request, From from, Long count) {
            return switch (request) {
                case Get get -> reply(get, count, count);
                case Increment inc -> reply(inc, count + inc.by(), count + inc.by());
            };
        }

        @Override
        public Result<Long> handleCast(Message message, Long count) {
            return switch (message) {
                case Add add -> noReply(count + add.n());
                case Reset reset -> noReply(0L);
            };
        }
    }

    private final GenServerRef<Request<?>, Message> server;

    private Counter(GenServerRef<Request<?>, Message> server) {
        this.server = server;
    }

    /**
     * Starts a counter at {@code initial} on {@code node}.
     *
     * @param node the node it runs on
     * @param initial the count to start from
     * @return a facade over the running counter
     */
    public static Counter start(Node node, long initial) {
        return start(node, initial, StartOptions.defaults());
    }

    /**
     * Starts a counter at {@code initial} with start options (a name, a mailbox kind).
     *
     * @param node the node it runs on
     * @param initial the count to start from
     * @param options its name and mailbox
     * @return a facade over the running counter
     */
    public static Counter start(Node node, long initial, StartOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        return new Counter(GenServer.start(node, new Server(initial), options));
    }

    /**
     * {@return a facade over the counter registered as {@code name}, if one runs}
     *
     * @param node the node to look on
     * @param name the name the counter is registered under
     */
    public static java.util.Optional<Counter> whereis(Node node, String name) {
        return GenServerRef.whereis(node, name, Server.TYPE).map(Counter::new);
    }

    /**
     * {@return a server that counts from {@code initial}, for a supervisor's child spec}
     *
     * @param initial the count to start from
     */
    public static GenServer<Long, ?, ?> server(long initial) {
        return new Server(initial);
    }

    /** {@return the count} */
    public long get() {
        return server.call(new Get());
    }

    /**
     * {@return the new count, after adding {@code by}}
     *
     * @param by how much to add; may be negative
     */
    public long increment(long by) {
        return server.call(new Increment(by));
    }

    /**
     * Adds {@code n} without waiting.
     *
     * @param n how much to add; may be negative
     */
    public void add(long n) {
        server.cast(new Add(n));
    }

    /** Sets the count to zero without waiting. */
    public void reset() {
        server.cast(new Reset());
    }

    /** {@return the server behind the facade, for introspection} */
    public GenServerRef<?, ?> ref() {
        return server;
    }

    /** Stops the counter. */
    public void stop() {
        server.stop();
    }
}
