package io.otp4j.bench.scenario;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.PendingCall;
import io.otp4j.genserver.Result;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeoutException;

/**
 * The seed's Mailer, sick and cured. Sick: one server delivers every mail itself, so an urgent call waits behind
 * every slow delivery queued before it. Cured: {@code N} servers chosen by the recipient's hash, each handing a
 * delivery to a task (a process of its own) and going straight back to its mailbox, so an urgent call waits for
 * nothing but its own handling.
 */
public final class OtpMailer {

    /** The mailer's calls. */
    public sealed interface Request<R> extends Call<R> {}

    /** An urgent request; replies {@code true} once handled. */
    public record Urgent(String to) implements Request<Boolean> {}

    /** The mailer's casts. */
    public sealed interface Job {}

    /** Deliver a mail to {@code to}, then tell {@code replyTo} with {@link Delivered}. */
    public record Deliver(String to, Pid replyTo) implements Job {}

    /** A delivery is done. */
    public record Delivered(String to) {}

    private static final class Server implements GenServer<Long, Request<?>, Job> {
        private final Runnable work;
        private final boolean tasks;

        @SuppressWarnings("NullAway.Init") // set by init, before any other callback
        private ProcessContext self;

        Server(Runnable work, boolean tasks) {
            this.work = work;
            this.tasks = tasks;
        }

        @Override
        public Init<Long> init(ProcessContext self) {
            this.self = self;
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Request<?> request, From from, Long delivered) {
            return switch (request) {
                case Urgent urgent -> reply(urgent, true, delivered);
            };
        }

        @Override
        public Result<Long> handleCast(Job job, Long delivered) {
            return switch (job) {
                case Deliver deliver -> {
                    if (tasks) {
                        self.spawn(task -> deliver(task, deliver));
                    } else {
                        deliver(self, deliver);
                    }
                    yield noReply(delivered + 1);
                }
            };
        }

        private void deliver(ProcessContext worker, Deliver deliver) {
            work.run();
            worker.send(deliver.replyTo(), new Delivered(deliver.to()));
        }
    }

    private final KeyHashShards<GenServerRef<Request<?>, Job>> partitions;

    private OtpMailer(KeyHashShards<GenServerRef<Request<?>, Job>> partitions) {
        this.partitions = partitions;
    }

    /** {@return one mailer server that delivers each mail itself, blocking for {@code work} a mail} */
    public static OtpMailer bottleneck(Node node, Duration work) {
        return bottleneck(node, blockFor(work));
    }

    /** {@return {@code partitions} mailer servers by key hash, each delivering through tasks} */
    public static OtpMailer cured(Node node, int partitions, Duration work) {
        return cured(node, partitions, blockFor(work));
    }

    /** {@return one mailer server that runs {@code delivery} for each mail itself} */
    static OtpMailer bottleneck(Node node, Runnable delivery) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(delivery, "delivery");
        return new OtpMailer(KeyHashShards.start(1, i -> GenServer.start(node, new Server(delivery, false))));
    }

    /** {@return {@code partitions} mailer servers by key hash, each running {@code delivery} in a task per mail} */
    static OtpMailer cured(Node node, int partitions, Runnable delivery) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(delivery, "delivery");
        return new OtpMailer(KeyHashShards.start(partitions, i -> GenServer.start(node, new Server(delivery, true))));
    }

    private static Runnable blockFor(Duration work) {
        Objects.requireNonNull(work, "work");
        if (work.isNegative()) {
            throw new IllegalArgumentException("work must not be negative, was " + work);
        }
        return () -> Work.block(work);
    }

    /** Casts a delivery to {@code to}; {@code replyTo} hears {@link Delivered} when it is done. */
    public void deliver(String to, Pid replyTo) {
        partitions.route(to).cast(new Deliver(to, replyTo));
    }

    /** Makes an urgent call about {@code to} (with the default 5-second timeout). */
    public boolean urgent(String to) {
        return partitions.route(to).call(new Urgent(to));
    }

    /** {@return an urgent request about {@code to}, sent; its reply is awaited later} */
    PendingCall<Boolean> urgentLater(String to) {
        return partitions.route(to).sendRequest(new Urgent(to));
    }

    /**
     * From inside {@code client}: casts {@code jobs} deliveries, makes one urgent call, and waits until every
     * delivery is done.
     *
     * @return the urgent call's latency in nanoseconds
     * @throws IllegalStateException if the deliveries were not all done within {@link OtpContender#BATCH_BOUND}
     */
    public long urgentBehind(ProcessContext client, int jobs) {
        for (int i = 0; i < jobs; i++) {
            deliver(Work.KEYS.get(i % Work.KEYS.size()), client.self());
        }
        long t0 = System.nanoTime();
        urgent("urgent");
        long latency = System.nanoTime() - t0;
        for (int i = 0; i < jobs; i++) {
            if (client.receive(Delivered.class, OtpContender.BATCH_BOUND).isEmpty()) {
                throw new IllegalStateException(
                        "only " + i + " of " + jobs + " deliveries done", new TimeoutException());
            }
        }
        return latency;
    }

    /** Stops the mailer's servers. */
    public void stop() {
        partitions.all().forEach(GenServerRef::stop);
    }
}
