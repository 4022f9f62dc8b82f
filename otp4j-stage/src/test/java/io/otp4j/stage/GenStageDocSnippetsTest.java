package io.otp4j.stage;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.testkit.OtpTest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/** The pipeline of {@link GenStage}'s class documentation, run as written. */
class GenStageDocSnippetsTest {

    @OtpTest
    void aPrinterSubscribedToADoublerOfACounterPrintsTheDoubledNumbersInOrder(Node node) throws InterruptedException {
        BlockingQueue<Integer> printed = new LinkedBlockingQueue<>();

        // @start region="pipeline"
        StageRef<NoCall, NoCast> numbers = GenStage.start(node, new Counter()); // a Producer
        StageRef<NoCall, NoCast> doubler = GenStage.start(node, new Doubler()); // a ProducerConsumer
        // @replace substring="printed" replacement="":
        StageRef<NoCall, NoCast> printer = GenStage.start(node, new Printer(printed)); // a Consumer
        GenStage.subscribe(printer, doubler, SubscribeOptions.defaults().withMaxDemand(10));
        GenStage.subscribe(doubler, numbers);
        // @end

        List<Integer> first = new ArrayList<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (first.size() < 25 && System.nanoTime() - deadline < 0) {
            Integer next = printed.poll(100, TimeUnit.MILLISECONDS);
            if (next != null) {
                first.add(next);
            }
        }
        assertThat(first).hasSize(25);
        for (int i = 0; i < first.size(); i++) {
            assertThat(first.get(i)).isEqualTo(2 * i);
        }
    }
}
