package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.List;

/**
 * A producer for tests that emits only what it is told to: {@link Push} (a call, replying with the demand
 * it has seen so far) emits events whatever the demand, so the buffer and the dispatchers can be watched.
 */
final class Pusher implements Producer<Long, Object, Pusher.Push, NoCast> {

    /** Emit these events now; replies with the demand seen so far. */
    record Push(List<Object> events) implements Call<Long> {}

    private final StageInit<Long> init;

    Pusher(StageInit<Long> init) {
        this.init = init;
    }

    static Pusher with(java.util.function.UnaryOperator<StageInit<Long>> setUp) {
        return new Pusher(setUp.apply(StageInit.of(0L)));
    }

    @Override
    public StageInit<Long> init(ProcessContext self) {
        return init;
    }

    @Override
    public StageResult<Long, Object> handleDemand(long demand, Long seen) {
        return noReply(seen + demand);
    }

    @Override
    public StageCallResult<Long, Object> handleCall(Push push, From from, Long seen) {
        return reply(push, seen, push.events(), seen);
    }
}
