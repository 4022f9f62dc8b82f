package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.From;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A consumer for tests: reports every batch, subscription and cancel to a probe, with automatic or manual
 * demand, and answers {@link Asked} with the subscriptions it holds.
 */
final class Reporter implements Consumer<Integer, Object, Reporter.Handled, NoCast> {

    /** A batch it handled. */
    record Batch(Pid consumer, List<Object> events) {}

    /** A subscription it made. */
    record Subscribed(Pid consumer, Subscription subscription) {}

    /** A subscription that ended. */
    record Cancelled(Pid consumer, CancelReason reason) {}

    /** A call: how many events it handled. */
    record Handled() implements Call<Integer> {}

    private final Pid probe;
    private final DemandMode mode;
    private @Nullable ProcessContext self;

    Reporter(Pid probe, DemandMode mode) {
        this.probe = probe;
        this.mode = mode;
    }

    static Reporter automatic(Pid probe) {
        return new Reporter(probe, DemandMode.AUTOMATIC);
    }

    static Reporter manual(Pid probe) {
        return new Reporter(probe, DemandMode.MANUAL);
    }

    private ProcessContext self() {
        return Objects.requireNonNull(self, "self");
    }

    @Override
    public StageInit<Integer> init(ProcessContext self) {
        this.self = self;
        return StageInit.of(0);
    }

    @Override
    public io.otp4j.stage.Subscribed<Integer> handleSubscribe(
            Role role, SubscribeOptions options, Subscription subscription, Integer state) {
        self().send(probe, new Subscribed(self().self(), subscription));
        return new io.otp4j.stage.Subscribed<>(mode, state);
    }

    @Override
    public StageResult<Integer, Void> handleEvents(List<Object> events, Subscription from, Integer handled) {
        self().send(probe, new Batch(self().self(), events));
        return noReply(handled + events.size());
    }

    @Override
    public StageResult<Integer, Void> handleCancel(CancelReason reason, Subscription subscription, Integer state) {
        self().send(probe, new Cancelled(self().self(), reason));
        return noReply(state);
    }

    @Override
    public StageCallResult<Integer, Void> handleCall(Handled h, From from, Integer handled) {
        return StageResults.reply(h, handled, handled);
    }
}
