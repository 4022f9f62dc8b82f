package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.Optional;

/**
 * The seed documents' Counter, in the client-facade idiom: a public class with typed methods over a private
 * server. It is the example of the package documentation (region {@code counter}, and {@code calls} and {@code
 * lookups} within it), compiled and run by {@code PackageExampleTest}.
 */
// @start region="counter"
public final class Counter {
    // @start region="calls"
    sealed interface Request<R> extends Call<R> {}

    record Get() implements Request<Integer> {}

    record Increment(int by) implements Request<Integer> {} // replies with the new value
    // @end region="calls"

    sealed interface Message {}

    record Add(int n) implements Message {}

    record Reset() implements Message {}

    private static final class Server implements GenServer<Integer, Request<?>, Message> {
        private final int initial;

        Server(int initial) {
            this.initial = initial;
        }

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(initial);
        }

        @Override
        public CallResult<Integer> handleCall(Request<?> request, From from, Integer count) {
            return switch (request) { // exhaustive: the compiler checks it
                case Get get -> reply(get, count, count); // the reply must be an Integer
                case Increment inc -> reply(inc, count + inc.by(), count + inc.by());
            };
        }

        @Override
        public Result<Integer> handleCast(Message message, Integer count) {
            return switch (message) {
                case Add add -> noReply(count + add.n());
                case Reset reset -> noReply(0);
            };
        }
    }

    // @start region="lookups"
    private static final ServerType<Request<?>, Message> TYPE = ServerType.of(Server.class);

    /** {@return the counter registered as {@code name}, if one runs now; bound to that server's pid} */
    public static Optional<Counter> whereis(Node node, String name) {
        return GenServerRef.whereis(node, name, TYPE).map(Counter::new);
    }

    /** {@return a counter that follows {@code name}: each request goes to the server that holds it then} */
    public static Counter named(Node node, String name) {
        return new Counter(GenServerRef.named(node, name, TYPE));
    }
    // @end region="lookups"

    private final GenServerRef<Request<?>, Message> server;

    private Counter(GenServerRef<Request<?>, Message> server) {
        this.server = server;
    }

    /** Starts a counter at {@code initial}. */
    public static Counter start(Node node, int initial) {
        return new Counter(GenServer.start(node, new Server(initial)));
    }

    /** Starts a counter at {@code initial}, registered as {@code name} on the node. */
    public static Counter start(Node node, int initial, String name) {
        return new Counter(GenServer.start(
                node, new Server(initial), StartOptions.defaults().withName(name)));
    }

    public int get() {
        return server.call(new Get()); // an int, not an Object
    }

    /** {@return the server's reference} */
    GenServerRef<Request<?>, Message> ref() {
        return server;
    }

    public int increment(int by) {
        return server.call(new Increment(by));
    }

    public void add(int n) {
        server.cast(new Add(n));
    }

    public void reset() {
        server.cast(new Reset());
    }

    public void stop() {
        server.stop();
    }

    public boolean isRunning() {
        return server.isAlive();
    }
}
// @end region="counter"
