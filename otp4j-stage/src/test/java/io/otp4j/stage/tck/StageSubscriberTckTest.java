package io.otp4j.stage.tck;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.stage.Consumer;
import io.otp4j.stage.FlowAdapters;
import io.otp4j.stage.GenStage;
import io.otp4j.stage.StageInit;
import io.otp4j.stage.StageRef;
import io.otp4j.stage.StageResult;
import io.otp4j.stage.StageSubscriber;
import io.otp4j.stage.SubscribeOptions;
import io.otp4j.stage.Subscription;
import java.util.List;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowSubscriberBlackboxVerification;
import org.testng.annotations.AfterClass;
import org.testng.annotations.BeforeClass;

/**
 * The Reactive Streams TCK's subscriber rules (blackbox), checked on {@link FlowAdapters#subscriber}: each
 * subscriber under test feeds a producer stage with a consumer of its own, whose demand makes the subscriber
 * request. Runs on TestNG, through the JUnit platform's TestNG engine.
 */
public class StageSubscriberTckTest extends FlowSubscriberBlackboxVerification<Integer> {

    private Node node;

    public StageSubscriberTckTest() {
        super(new TestEnvironment(StagePublisherTckTest.TIMEOUT_MILLIS, StagePublisherTckTest.NO_SIGNALS_MILLIS));
    }

    @BeforeClass
    public void startNode() {
        node = Node.start("tck-subscriber");
    }

    @AfterClass
    public void closeNode() {
        node.close();
    }

    /** A consumer that takes whatever comes. */
    private record Sink(StageRef<?, ?> producer) implements Consumer<Integer, Object, NoCall, NoCast> {
        @Override
        public StageInit<Integer> init(ProcessContext self) {
            return StageInit.of(0)
                    .subscribeTo(producer, SubscribeOptions.defaults().withMaxDemand(8));
        }

        @Override
        public StageResult<Integer, Void> handleEvents(List<Object> events, Subscription from, Integer seen) {
            return noReply(seen + events.size());
        }
    }

    @Override
    public Flow.Subscriber<Integer> createFlowSubscriber() {
        StageSubscriber<Integer> subscriber = FlowAdapters.subscriber(node);
        GenStage.start(node, new Sink(subscriber.producer()));
        return subscriber;
    }

    @Override
    public Integer createElement(int element) {
        return element;
    }
}
