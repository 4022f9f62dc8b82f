package io.otp4j.stage.tck;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.stage.FlowAdapters;
import io.otp4j.stage.GenStage;
import io.otp4j.stage.StageRef;
import io.otp4j.stage.SubscribeOptions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Flow;
import java.util.stream.LongStream;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's publisher rules, checked on a producer stage exposed with {@link
 * FlowAdapters#publisher}: each publisher under test is a fresh {@link GenStage#fromIterable} producer of the
 * number of elements the TCK asks for. Runs on TestNG, through the JUnit platform's TestNG engine.
 */
public class StagePublisherTckTest extends FlowPublisherVerification<Long> {

    /** Generous bounds: the machine running the build may be busy. */
    static final long TIMEOUT_MILLIS = 2_000;

    static final long NO_SIGNALS_MILLIS = 100;

    private Node node;

    public StagePublisherTckTest() {
        super(new TestEnvironment(TIMEOUT_MILLIS, NO_SIGNALS_MILLIS), TIMEOUT_MILLIS);
    }

    @BeforeClass
    public void startNode() {
        node = Node.start("tck-publisher");
    }

    @AfterClass
    public void closeNode() {
        node.close();
    }

    @Override
    public Flow.Publisher<Long> createFlowPublisher(long elements) {
        StageRef<?, ?> producer =
                GenStage.fromIterable(node, () -> LongStream.range(0, elements).iterator());
        return FlowAdapters.publisher(producer, SubscribeOptions.defaults().withMaxDemand(16));
    }

    @Override
    public Flow.Publisher<Long> createFailedFlowPublisher() {
        StageRef<?, ?> producer = GenStage.fromIterable(node, List.of(1L, 2L));
        producer.stop(ExitReason.custom("failed on purpose"), Duration.ofSeconds(5));
        return FlowAdapters.publisher(producer);
    }
}
