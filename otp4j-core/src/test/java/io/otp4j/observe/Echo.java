package io.otp4j.observe;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Supplier;

/**
 * A server for the observation tests: it records, for each callback, what it handled and the context that a
 * {@code context} supplier reads on its thread (what a carrier attached), and can hold a call to answer later.
 */
final class Echo implements GenServer<Integer, Echo.Req<?>, Echo.Cast> {

    sealed interface Req<R> extends Call<R> {}

    record Ping(String text) implements Req<String> {}

    record Hold() implements Req<String> {}

    record Blocked(CountDownLatch gate) implements Req<String> {}

    record Crash() implements Req<String> {}

    sealed interface Cast {}

    record Note(String text) implements Cast {}

    record Release(String answer) implements Cast {}

    /** What a callback saw: the callback, the message and the context on the thread. */
    record Saw(String callback, Object message, Object context) {}

    private final Supplier<Object> context;
    final List<Saw> saw = new CopyOnWriteArrayList<>();

    private record Held(Hold request, From from) {}

    private final LinkedBlockingQueue<Held> held = new LinkedBlockingQueue<>();

    Echo(Supplier<Object> context) {
        this.context = context;
    }

    /**
     * Holds {@code server} in a call until {@code gate} opens; {@return the call's reply} once the server has
     * taken it, so that what is sent from now on waits in its mailbox.
     */
    static CompletionStage<String> holdBusy(Node node, GenServerRef<Req<?>, Cast> server, CountDownLatch gate) {
        CompletionStage<String> blocked = server.callAsync(new Blocked(gate), Duration.ofSeconds(30));
        Eventually.until(
                () -> node.info(server.pid()).orElseThrow().currentMessageType().isPresent(),
                "the server takes the blocking call");
        return blocked;
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) throws InterruptedException {
        saw.add(new Saw("call", request, context.get()));
        return switch (request) {
            case Ping ping -> reply(ping, "pong " + ping.text(), n + 1);
            case Hold hold -> {
                held.add(new Held(hold, from));
                yield noReply(n);
            }
            case Blocked blocked -> {
                blocked.gate().await();
                yield reply(blocked, "unblocked", n);
            }
            case Crash crash -> throw new IllegalStateException("asked to crash");
        };
    }

    @Override
    public Result<Integer> handleCast(Cast request, Integer n) {
        saw.add(new Saw("cast", request, context.get()));
        if (request instanceof Release release) {
            Held call = held.remove();
            call.from().reply(call.request(), release.answer());
        }
        return noReply(n);
    }

    @Override
    public Result<Integer> handleInfo(Object message, Integer n) {
        saw.add(new Saw("info", message, context.get()));
        return noReply(n);
    }
}
