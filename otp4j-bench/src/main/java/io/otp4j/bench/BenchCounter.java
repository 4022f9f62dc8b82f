package io.otp4j.bench;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.util.concurrent.CompletableFuture;

/**
 * The GenServer the benchmarks drive: a counter with two calls ({@link Get}, {@link Increment}) and one cast
 * ({@link Add}), the same shape as {@code counter} in {@code otp4j-bench/beam/genserver_bench.erl}.
 */
public final class BenchCounter implements GenServer<Integer, BenchCounter.Request<?>, BenchCounter.Message> {

    /** The calls. */
    public sealed interface Request<R> extends Call<R> {}

    /** Replies with the count. */
    public record Get() implements Request<Integer> {}

    /** Replies with the new value. */
    public record Increment(int by) implements Request<Integer> {}

    /** The casts. */
    public sealed interface Message {}

    /** Adds {@code n}. */
    public record Add(int n) implements Message {}

    /** The one {@link Get}. */
    public static final Get GET = new Get();
    /** Increments by one. */
    public static final Increment INCREMENT = new Increment(1);
    /** Adds one. */
    public static final Add ADD = new Add(1);

    /** The counter's type, for lookups by name or pid (also of a counter on another node). */
    public static final ServerType<Request<?>, Message> TYPE = ServerType.of(BenchCounter.class);

    private final boolean hibernate;

    private BenchCounter(boolean hibernate) {
        this.hibernate = hibernate;
    }

    /** {@return a counter at 0, started synchronously on {@code node}} */
    public static GenServerRef<Request<?>, Message> start(Node node) {
        return GenServer.start(node, new BenchCounter(false));
    }

    /** {@return a counter at 0, started synchronously on {@code node}, pooled ({@link StartOptions#withPooled()})} */
    public static GenServerRef<Request<?>, Message> startPooled(Node node) {
        return GenServer.start(
                node, new BenchCounter(false), StartOptions.defaults().withPooled());
    }

    /** {@return a counter at 0, started synchronously on {@code node} and registered there as {@code name}} */
    public static GenServerRef<Request<?>, Message> startNamed(Node node, String name) {
        return GenServer.start(
                node, new BenchCounter(false), StartOptions.defaults().withName(name));
    }

    /** {@return a counter at 0 whose init asks to hibernate (Erlang's {@code {ok, 0, hibernate}})} */
    public static GenServerRef<Request<?>, Message> startHibernating(Node node) {
        return GenServer.start(node, new BenchCounter(true));
    }

    /**
     * Starts {@code count} servers from inside a process of {@code node} (as a supervisor would; a start from a
     * platform thread pays a kernel-level wake-up for each init) and returns when all have started.
     */
    public static void startMany(Node node, int count, boolean hibernating) {
        startMany(node, count, hibernating ? BenchCounter::startHibernating : BenchCounter::start);
    }

    /** Starts {@code count} servers with {@code start} from inside a process of {@code node}, as above. */
    public static void startMany(Node node, int count, java.util.function.Consumer<Node> start) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.spawn(self -> {
            try {
                for (int i = 0; i < count; i++) {
                    start.accept(self.node());
                }
                done.complete(null);
            } catch (RuntimeException e) {
                done.completeExceptionally(e);
            }
        });
        done.join();
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        return hibernate ? Init.ok(0).hibernate() : Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Request<?> request, io.otp4j.genserver.From from, Integer count) {
        return switch (request) {
            case Get get -> reply(get, count, count);
            case Increment inc -> reply(inc, count + inc.by(), count + inc.by());
        };
    }

    @Override
    public Result<Integer> handleCast(Message message, Integer count) {
        return switch (message) {
            case Add add -> noReply(count + add.n());
        };
    }
}
