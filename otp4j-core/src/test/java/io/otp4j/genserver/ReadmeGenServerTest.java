package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import org.junit.jupiter.api.Test;

/** The README's "A GenServer in one minute", as written there, run. */
class ReadmeGenServerTest {

    public static final class Counter {
        sealed interface Request<R> extends Call<R> {}

        record Get() implements Request<Integer> {} // a call names its reply type

        sealed interface Message {}

        record Add(int n) implements Message {} // a cast

        private static final class Server implements GenServer<Integer, Request<?>, Message> {
            @Override
            public Init<Integer> init(ProcessContext self) {
                return Init.ok(0);
            }

            @Override
            public CallResult<Integer> handleCall(Request<?> request, From from, Integer n) {
                return switch (request) {
                    case Get get -> reply(get, n, n);
                }; // checked: exhaustive, Integer
            }

            @Override
            public Result<Integer> handleCast(Message message, Integer n) {
                return switch (message) {
                    case Add add -> noReply(n + add.n());
                };
            }
        }

        private final GenServerRef<Request<?>, Message> server;

        private Counter(GenServerRef<Request<?>, Message> server) {
            this.server = server;
        }

        public static Counter start(Node node) {
            return new Counter(GenServer.start(node, new Server()));
        }

        public int get() {
            return server.call(new Get());
        } // a plain blocking call, typed

        public void add(int n) {
            server.cast(new Add(n));
        }
    }

    @Test
    void readmeCounter() {
        try (Node node = Node.start("readme")) {
            Counter counter = Counter.start(node);
            counter.add(2);
            counter.add(3);
            assertThat(counter.get()).isEqualTo(5);
        }
    }
}
