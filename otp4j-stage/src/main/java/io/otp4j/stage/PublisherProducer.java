package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.stop;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.concurrent.Flow;
import org.jspecify.annotations.Nullable;

/**
 * The producer behind a {@link StageSubscriber}: passes its consumers' demand to the publisher's subscription
 * and emits each item as it comes. State: the subscription (once it came) and the demand that arrived before
 * it.
 */
final class PublisherProducer<T> implements Producer<PublisherProducer.Upstream, T, NoCall, NoCast> {

    /** The publisher's subscription, and demand not yet passed on. Touched by the stage's process only. */
    static final class Upstream {
        Flow.@Nullable Subscription subscription;
        long unrequested;
        boolean terminated;
    }

    @Override
    public StageInit<Upstream> init(ProcessContext self) {
        return StageInit.of(new Upstream());
    }

    @Override
    public StageResult<Upstream, T> handleDemand(long demand, Upstream state) {
        Flow.Subscription subscription = state.subscription;
        if (subscription == null) {
            state.unrequested = Dispatch.add(state.unrequested, demand);
        } else {
            subscription.request(demand);
        }
        return noReply(state);
    }

    @Override
    @SuppressWarnings("unchecked") // the publisher's items are this stage's events
    public StageResult<Upstream, T> handleInfo(Object message, Upstream state) {
        switch (message) {
            case StageSubscriber.OnSubscribe(Flow.Subscription subscription) -> {
                state.subscription = subscription;
                if (state.unrequested > 0) {
                    long n = state.unrequested;
                    state.unrequested = 0;
                    subscription.request(n);
                }
                return noReply(state);
            }
            case StageSubscriber.OnNext(Object item) -> {
                return noReply(List.of((T) item), state);
            }
            case StageSubscriber.OnComplete c -> {
                state.terminated = true;
                return stop(ExitReason.normal(), state);
            }
            case StageSubscriber.OnError(Throwable error) -> {
                state.terminated = true;
                return stop(ExitReason.crash(error), state);
            }
            default -> {
                return noReply(state);
            }
        }
    }

    @Override
    public void terminate(ExitReason reason, Upstream state) {
        Flow.Subscription subscription = state.subscription;
        if (subscription != null && !state.terminated) {
            subscription.cancel(); // nobody downstream any more: the publisher may stop
        }
    }
}
