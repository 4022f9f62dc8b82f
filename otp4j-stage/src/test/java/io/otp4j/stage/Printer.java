package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.concurrent.BlockingQueue;

/** The class documentation's consumer: prints each event, and hands it to the test that reads what it printed. */
final class Printer implements Consumer<Integer, Integer, NoCall, NoCast> {

    private final BlockingQueue<Integer> printed;

    Printer(BlockingQueue<Integer> printed) {
        this.printed = printed;
    }

    @Override
    public StageInit<Integer> init(ProcessContext self) {
        return StageInit.of(0);
    }

    @Override
    public StageResult<Integer, Void> handleEvents(List<Integer> events, Subscription from, Integer count) {
        for (Integer event : events) {
            System.out.println(event);
            printed.add(event);
        }
        return noReply(count + events.size());
    }
}
