package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;

/**
 * The seed documents' Counter, in the client-facade idiom: a public class with typed methods over a private
 * server. It is the example of the package documentation, compiled and run by {@code PackageExampleTest}.
 */
public final class Counter {

    /** The calls: each names its reply type. */
    sealed interface Request<R> extends Call<R> {}

    record Get() implements Request<Integer> {}

    record Increment(int by) implements Request<Integer> {} // replies with the new value

    /** The casts. */
    sealed interface Message {}

    record Add(int n) implements Message {}

    record Reset() implements Message {}

    /** The server: only callbacks. */
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
            return switch (request) {
                case Get get -> reply(get, count, count);
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

    private final GenServerRef<Request<?>, Message> server;

    private Counter(GenServerRef<Request<?>, Message> server) {
        this.server = server;
    }

    /** Starts a counter at {@code initial}. */
    public static Counter start(Node node, int initial) {
        return new Counter(GenServer.start(node, new Server(initial)));
    }

    public int get() {
        return server.call(new Get());
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

    GenServerRef<Request<?>, Message> ref() {
        return server;
    }
}
