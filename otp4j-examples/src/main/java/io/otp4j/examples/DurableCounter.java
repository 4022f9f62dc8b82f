package io.otp4j.examples;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.persistence.Codec;
import io.otp4j.persistence.DurableGenServer;
import io.otp4j.persistence.Schema;

/**
 * The counter, durable: its count is stored before each increment is acknowledged, so a counter killed and
 * restarted by its supervisor resumes from the last value it acknowledged. Run it through {@code
 * Durable.server("counter", store, DurableCounter.SCHEMA, new DurableCounter())}.
 */
public final class DurableCounter implements DurableGenServer<Long, DurableCounter.Request<?>, Void> {

    /**
     * The counter's calls.
     *
     * @param <R> the reply's type
     */
    public sealed interface Request<R> extends Call<R> {}

    /** Adds one; replies with the new count, once it is stored. */
    public record Increment() implements Request<Long> {}

    /** Replies with the count. */
    public record Value() implements Request<Long> {}

    /** The stored form of the count: its decimal text, schema version 1. */
    public static final Schema<Long> SCHEMA = Schema.of(1, Codec.text(String::valueOf, Long::valueOf));

    /** A counter whose count starts at 0 when its store holds none. */
    public DurableCounter() {}

    @Override
    public Long initialState() {
        return 0L;
    }

    @Override
    public CallResult<Long> handleCall(Request<?> request, From from, Long count) {
        return switch (request) {
            case Increment increment -> reply(increment, count + 1, count + 1);
            case Value value -> reply(value, count, count);
        };
    }
}
