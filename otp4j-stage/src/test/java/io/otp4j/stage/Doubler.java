package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.List;

/** The package documentation's producer-consumer: doubles each event. */
// @start region="doubler"
final class Doubler implements ProducerConsumer<Integer, Integer, Integer, NoCall, NoCast> {
    @Override
    public StageInit<Integer> init(ProcessContext self) {
        return StageInit.of(0);
    }

    @Override
    public StageResult<Integer, Integer> handleEvents(List<Integer> events, Subscription from, Integer s) {
        return noReply(events.stream().map(n -> n * 2).toList(), s);
    }
}
// @end
