package io.otp4j.cluster;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.function.UnaryOperator;

/**
 * A counter that registers itself in a {@link ClusterRegistry} under a key when it starts, for the registry's
 * hand-over tests: it hands its count off, and takes over by adding what it is handed to its own count. What it
 * hands off is {@code handed} applied to its count (the count, or a value that cannot cross, to test that).
 */
class Tally implements GenServer<Integer, Tally.Req<?>, NoCast>, Handoff<Integer> {

    /** The tally's calls. */
    sealed interface Req<R> extends Call<R> {}

    /** Its count. */
    record Get() implements Req<Integer> {}

    /** Adds {@code n}; the answer is the new count. */
    record Add(int n) implements Req<Integer> {}

    private final ClusterRegistry<String, String> registry;
    private final String key;
    private final UnaryOperator<Object> handed;

    Tally(ClusterRegistry<String, String> registry, String key) {
        this(registry, key, count -> count);
    }

    Tally(ClusterRegistry<String, String> registry, String key, UnaryOperator<Object> handed) {
        this.registry = registry;
        this.key = key;
        this.handed = handed;
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        registry.register(self, key, registry.cluster().node().name());
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Req<?> request, From from, Integer count) {
        return switch (request) {
            case Get get -> reply(get, count, count);
            case Add add -> reply(add, count + add.n(), count + add.n());
        };
    }

    @Override
    public Object handOff(Integer count) {
        return handed.apply(count);
    }

    @Override
    public Integer takeOver(Integer fresh, Object handedOff) {
        return fresh + (Integer) handedOff;
    }
}
