package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.stop;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** The producer of {@link GenStage#fromIterable}: emits what is asked for, exits normally when done. */
final class IterableProducer<T> implements Producer<Iterator<? extends T>, T, NoCall, NoCast> {

    private enum Done {
        INSTANCE
    }

    private final Iterable<? extends T> source;
    private @Nullable ProcessContext self;

    IterableProducer(Iterable<? extends T> source) {
        this.source = source;
    }

    @Override
    public StageInit<Iterator<? extends T>> init(ProcessContext self) {
        this.self = self;
        return StageInit.of(source.iterator());
    }

    @Override
    public Subscribed<Iterator<? extends T>> handleSubscribe(
            Role role, SubscribeOptions options, Subscription subscription, Iterator<? extends T> state) {
        if (!state.hasNext()) {
            done();
        }
        return Subscribed.automatic(state);
    }

    @Override
    public StageResult<Iterator<? extends T>, T> handleDemand(long demand, Iterator<? extends T> state) {
        List<T> events = new ArrayList<>((int) Math.min(demand, 1024));
        for (long i = 0; i < demand && state.hasNext(); i++) {
            events.add(state.next());
        }
        if (!state.hasNext()) {
            // Exit once the events just emitted are on their way: they reach consumers before the exit does.
            done();
        }
        return noReply(events, state);
    }

    private void done() {
        ProcessContext me = Objects.requireNonNull(self, "self");
        me.send(me.self(), Done.INSTANCE);
    }

    @Override
    public StageResult<Iterator<? extends T>, T> handleInfo(Object message, Iterator<? extends T> state) {
        return message == Done.INSTANCE ? stop(ExitReason.normal(), state) : noReply(state);
    }
}
