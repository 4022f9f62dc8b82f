package io.otp4j.stage;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * One subscription between a producer and a consumer: GenStage's {@code from}, the pair {@code {pid, ref}}.
 * A value: two subscriptions are equal when they have the same producer, consumer and id. A consumer may
 * hold several subscriptions to one producer; each is told apart by its id.
 */
public final class Subscription {

    private static final AtomicLong IDS = new AtomicLong();

    private final Pid producer;
    private final Pid consumer;
    private final long id;
    /** The node the consumer runs on, so that {@link GenStage#ask} and {@link GenStage#cancel} can send. */
    final Node node;

    private Subscription(Pid producer, Pid consumer, long id, Node node) {
        this.producer = producer;
        this.consumer = consumer;
        this.id = id;
        this.node = node;
    }

    static Subscription create(Node node, Pid producer, Pid consumer) {
        return new Subscription(Objects.requireNonNull(producer, "producer"), consumer, IDS.incrementAndGet(), node);
    }

    /** {@return the producing stage} */
    public Pid producer() {
        return producer;
    }

    /** {@return the consuming stage (or the process that consumes on a stream's or subscriber's behalf)} */
    public Pid consumer() {
        return consumer;
    }

    /** {@return the subscription's number, unique in this JVM} */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Subscription that
                && id == that.id
                && producer.equals(that.producer)
                && consumer.equals(that.consumer);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "Subscription[" + consumer + " -> " + producer + " #" + id + "]";
    }
}
