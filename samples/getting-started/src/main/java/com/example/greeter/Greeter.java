package com.example.greeter;

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
import io.otp4j.supervisor.ChildSpec;
import java.time.Duration;

/**
 * Greets people and counts the greetings of the current minute: a client facade over a GenServer, which a
 * supervisor starts under the name {@value #NAME}.
 */
public final class Greeter {

    /** The name the server is registered under. */
    public static final String NAME = "greeter";

    /** How often the count starts again from zero. */
    public static final Duration WINDOW = Duration.ofMinutes(1);

    // The calls, each naming its reply type, and the one message the server sends itself.
    sealed interface Request<R> extends Call<R> {}

    record Greet(String who) implements Request<String> {}

    record NewWindow() {}

    static final class Server implements GenServer<Integer, Request<?>, Void> {
        static final ServerType<Request<?>, Void> TYPE = ServerType.of(Server.class);

        private ProcessContext self;

        @Override
        public Init<Integer> init(ProcessContext self) {
            this.self = self;
            self.sendAfter(self.self(), WINDOW, new NewWindow()); // timers run on the node's clock
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Request<?> request, From from, Integer count) {
            return switch (request) {
                case Greet greet -> {
                    if (greet.who().isBlank()) {
                        throw new IllegalArgumentException("nobody to greet"); // crashes the server
                    }
                    int n = count + 1;
                    yield reply(greet, "Hello, " + greet.who() + "! (greeting " + n + " this minute)", n);
                }
            };
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer count) {
            if (message instanceof NewWindow) {
                self.sendAfter(self.self(), WINDOW, new NewWindow());
                return noReply(0);
            }
            return noReply(count);
        }
    }

    /** The child spec a supervisor starts the server from. */
    public static ChildSpec childSpec() {
        return ChildSpec.worker(NAME, Server::new, StartOptions.defaults().withName(NAME));
    }

    private final GenServerRef<Request<?>, Void> server;

    private Greeter(GenServerRef<Request<?>, Void> server) {
        this.server = server;
    }

    /** The greeter on {@code node}, by name: calls reach whichever server holds the name now, across restarts. */
    public static Greeter on(Node node) {
        return new Greeter(GenServerRef.named(node, NAME, Server.TYPE));
    }

    /** Greets {@code who}; a blank name crashes the server, and the call fails with the server's exit reason. */
    public String greet(String who) {
        return server.call(new Greet(who));
    }
}
