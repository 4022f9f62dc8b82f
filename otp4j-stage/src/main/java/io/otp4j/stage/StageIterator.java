package io.otp4j.stage;

import static io.otp4j.stage.StageResults.noReply;
import static io.otp4j.stage.StageResults.stop;

import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;

/**
 * Plain code's view of a producer: an {@link Iterator} with back-pressure, from {@link GenStage#iterator}. A
 * hidden consumer process subscribes with manual demand, asks for {@code maxDemand} events, and asks again for
 * every {@code maxDemand - minDemand} events the iterator hands out, so at most {@code maxDemand} events wait
 * here. Use it from one thread; {@link #close()} cancels the subscription.
 *
 * @param <T> the events
 */
public final class StageIterator<T> implements Iterator<T>, AutoCloseable {

    /** How long {@link #hasNext()} waits between checks that the hidden consumer is still alive. */
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** The end of the events: the producer's exit or cancel reason. */
    private record End(ExitReason reason) {}

    /** The iterator handed out events: ask for more. */
    private record More(long n) {}

    private final LinkedBlockingQueue<Object> queue = new LinkedBlockingQueue<>();
    private final StageRef<?, ?> consumer;
    private final StageRef<?, ?> producer;
    private final int batch;
    private int taken;
    private @Nullable Object next;
    private @Nullable End end;

    private StageIterator(StageRef<?, ?> producer, SubscribeOptions options) {
        this.producer = producer;
        this.batch = options.maxDemand() - options.minDemand();
        this.consumer = GenStage.start(
                producer.node(),
                new Hidden(queue, producer, options.withCancel(CancelMode.TEMPORARY), options.maxDemand()));
    }

    static <T> StageIterator<T> start(StageRef<?, ?> producer, SubscribeOptions options) {
        return new StageIterator<>(producer, options);
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (end != null) {
            return finish(end);
        }
        Object item;
        try {
            item = queue.poll(CHECK_NANOS, TimeUnit.NANOSECONDS);
            while (item == null) {
                if (!consumer.isAlive()) {
                    item = queue.poll();
                    if (item == null) {
                        item = new End(ExitReason.noproc());
                    }
                    break;
                }
                item = queue.poll(CHECK_NANOS, TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while waiting for events of " + producer, e);
        }
        if (item instanceof End e) {
            end = e;
            return finish(e);
        }
        next = item;
        return true;
    }

    private boolean finish(End e) {
        if (CancelReason.orderly(e.reason())) {
            return false;
        }
        throw new StageExitedException(producer.pid(), e.reason());
    }

    @Override
    @SuppressWarnings("unchecked") // the producer's events are the caller's T
    public T next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the stage " + producer.pid() + " has no more events");
        }
        Object item = Objects.requireNonNull(next, "next");
        next = null;
        if (++taken == batch) {
            taken = 0;
            consumer.node().send(consumer.pid(), new More(batch));
        }
        return (T) item;
    }

    /** Cancels the subscription and stops the hidden consumer; the iterator then has no more events. */
    @Override
    public void close() {
        if (end == null) {
            end = new End(ExitReason.normal());
        }
        next = null;
        try {
            consumer.stop(ExitReason.normal(), Duration.ofSeconds(5));
        } catch (ServerExitedException e) {
            // already gone: nothing to cancel
        }
    }

    /** The hidden consumer: hands events to the iterator's queue, asks as the iterator says. */
    private static final class Hidden implements Consumer<Subscription[], Object, NoCall, NoCast> {
        private final LinkedBlockingQueue<Object> queue;
        private final StageRef<?, ?> producer;
        private final SubscribeOptions options;
        private final int firstAsk;

        Hidden(LinkedBlockingQueue<Object> queue, StageRef<?, ?> producer, SubscribeOptions options, int firstAsk) {
            this.queue = queue;
            this.producer = producer;
            this.options = options;
            this.firstAsk = firstAsk;
        }

        @Override
        public StageInit<Subscription[]> init(ProcessContext self) {
            return StageInit.of(new Subscription[1]).subscribeTo(producer, options);
        }

        @Override
        public Subscribed<Subscription[]> handleSubscribe(
                Role role, SubscribeOptions options, Subscription subscription, Subscription[] state) {
            state[0] = subscription;
            GenStage.ask(subscription, firstAsk);
            return Subscribed.manual(state);
        }

        @Override
        public StageResult<Subscription[], Void> handleEvents(
                List<Object> events, Subscription from, Subscription[] state) {
            queue.addAll(events);
            return noReply(state);
        }

        @Override
        public StageResult<Subscription[], Void> handleInfo(Object message, Subscription[] state) {
            if (message instanceof More(long n) && state[0] != null) {
                GenStage.ask(state[0], n);
            }
            return noReply(state);
        }

        @Override
        public StageResult<Subscription[], Void> handleCancel(
                CancelReason reason, Subscription subscription, Subscription[] state) {
            queue.add(new End(reason.reason()));
            return stop(ExitReason.normal(), state);
        }
    }
}
