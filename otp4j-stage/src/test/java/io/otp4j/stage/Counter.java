package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.stream.IntStream;

/** The package documentation's producer: emits 0, 1, 2, ... as asked. */
// @start region="counter"
final class Counter implements Producer<Integer, Integer, NoCall, NoCast> {
    @Override
    public StageInit<Integer> init(ProcessContext self) {
        return StageInit.of(0);
    }

    @Override
    public StageResult<Integer, Integer> handleDemand(long demand, Integer next) {
        List<Integer> events =
                IntStream.range(next, next + (int) demand).boxed().toList();
        return noReply(events, next + (int) demand);
    }
}
// @end
