package io.otp4j.micrometer;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.process.ProcessContext;

/** A test server: counts casts, answers calls with the count, crashes on {@link Crash}. */
final class Counter implements GenServer<Integer, Counter.Get, Counter.Msg> {

    /** Asks for the count. */
    record Get() implements Call<Integer> {}

    /** What a counter is cast. */
    sealed interface Msg {}

    /** Adds one. */
    record Inc() implements Msg {}

    /** Throws in the handler. */
    record Crash() implements Msg {}

    @Override
    public Init<Integer> init(ProcessContext self) {
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Get request, From from, Integer n) {
        return reply(request, n, n);
    }

    @Override
    public Result<Integer> handleCast(Msg request, Integer n) {
        return switch (request) {
            case Inc inc -> noReply(n + 1);
            case Crash crash -> throw new IllegalStateException("asked to crash");
        };
    }
}
