package io.otp4j.stage;

import io.otp4j.genserver.Call;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;

/** The messages stages exchange (GenStage's {@code :"$gen_producer"} and {@code :"$gen_consumer"} messages). */
final class Protocol {

    private Protocol() {}

    /** Consumer to producer: a new subscription. */
    record Subscribe(Subscription subscription, SubscribeOptions options) {}

    /** Consumer to producer: {@code n} more events, please. */
    record Ask(Subscription subscription, long n) {}

    /** Consumer (or anyone) to producer: end the subscription. */
    record CancelProducer(Subscription subscription, ExitReason reason) {}

    /** Producer to consumer: events, never more than asked for. */
    record Events(Subscription subscription, List<Object> events) {}

    /** Producer to consumer: the subscription ended (cancelled, or refused). */
    record CancelConsumer(Subscription subscription, ExitReason reason) {}

    /** To a consumer: subscribe to {@code producer}, replying with the subscription. */
    record SubscribeCall(Pid producer, SubscribeOptions options) implements Call<Subscription> {}

    /** To a consumer: subscribe to {@code producer}, replying nothing. */
    record AsyncSubscribe(Pid producer, SubscribeOptions options) {}

    /** To a producer: forward or accumulate demand. */
    record SetDemand(ProducerDemand demand) {}

    /** To a stage: its statistics. */
    record StatisticsCall() implements Call<StageStatistics> {}
}
