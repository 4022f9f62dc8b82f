package io.otp4j.examples;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The seed documents' production mistake: one GenServer sends every mail itself, the nightly batch and the urgent
 * password reset alike. Each send blocks the server for the delivery's latency, so an urgent call that arrives
 * behind a batch waits for the whole batch and times out, and the mailbox grows while the batch lasts.
 *
 * <pre>
 *   batch job ── 100 casts ──▶ [ mailer: send, send, send, … ] ◀── urgent call (waits behind them all)
 * </pre>
 *
 * {@link PartitionedMailer} is the cure. The server here is still the right one for one lane of mail: the cure
 * runs several of them.
 */
public final class SingleMailer {

    /** The calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Sends {@code mail} now and replies once it is delivered. */
    record SendNow(Mail mail) implements Request<Boolean> {}

    /** The casts. */
    sealed interface Message {}

    /** Sends {@code mail} when its turn comes. */
    record Send(Mail mail) implements Message {}

    /** Sends each mail itself, one at a time; the state is the number delivered. */
    static final class Server implements GenServer<Long, Request<?>, Message> {
        /** What a lookup of a sender checks. */
        static final ServerType<Request<?>, Message> TYPE = ServerType.of(Server.class);

        private final MailDelivery delivery;

        Server(MailDelivery delivery) {
            this.delivery = Objects.requireNonNull(delivery, "delivery");
        }

        @Override
        public Init<Long> init(ProcessContext self) {
            return Init.ok(0L);
        }

        @Override
        public CallResult<Long> handleCall(Request<?> request, From from, Long sent) throws Exception {
            return switch (request) {
                case SendNow now -> {
                    delivery.deliver(now.mail()); // the server can do nothing else meanwhile
                    yield reply(now, true, sent + 1);
                }
            };
        }

        @Override
        public Result<Long> handleCast(Message message, Long sent) throws Exception {
            return switch (message) {
                case Send send -> {
                    delivery.deliver(send.mail());
                    yield noReply(sent + 1);
                }
            };
        }
    }

    private final GenServerRef<Request<?>, Message> server;

    private SingleMailer(GenServerRef<Request<?>, Message> server) {
        this.server = server;
    }

    /**
     * Starts a mailer that sends through {@code delivery}.
     *
     * @param node the node it runs on
     * @param delivery how a mail is delivered
     * @return a facade over the running mailer
     */
    public static SingleMailer start(Node node, MailDelivery delivery) {
        return start(node, delivery, StartOptions.defaults());
    }

    /**
     * Starts a mailer with start options (a name, a mailbox kind).
     *
     * @param node the node it runs on
     * @param delivery how a mail is delivered
     * @param options its name and mailbox
     * @return a facade over the running mailer
     */
    public static SingleMailer start(Node node, MailDelivery delivery, StartOptions options) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(options, "options");
        return new SingleMailer(GenServer.start(node, new Server(delivery), options));
    }

    /**
     * {@return a facade over the mailer registered as {@code name}, if one runs}
     *
     * @param node the node to look on
     * @param name the name the mailer is registered under
     */
    public static java.util.Optional<SingleMailer> whereis(Node node, String name) {
        return GenServerRef.whereis(node, name, Server.TYPE).map(SingleMailer::new);
    }

    /** {@return a mailer server that sends through {@code delivery}, for a supervisor's child spec or a partition} */
    static GenServer<Long, Request<?>, Message> server(MailDelivery delivery) {
        return new Server(delivery);
    }

    /**
     * Queues every mail of {@code batch} and returns at once (a cast each).
     *
     * @param batch the mails, queued in order
     */
    public void sendBatch(List<Mail> batch) {
        Objects.requireNonNull(batch, "batch");
        for (Mail mail : batch) {
            server.cast(new Send(Objects.requireNonNull(mail, "a mail of the batch")));
        }
    }

    /**
     * Sends {@code mail} and waits until it is delivered: behind every mail queued before it.
     *
     * @param mail the mail
     * @param timeout how long to wait for its delivery; positive
     * @throws io.otp4j.genserver.CallTimeoutException if that takes longer than {@code timeout}
     */
    public void sendUrgent(Mail mail, Duration timeout) {
        Objects.requireNonNull(mail, "mail");
        server.call(new SendNow(mail), timeout);
    }

    /** {@return mails waiting in the mailer's mailbox} */
    public int backlog() {
        return server.node()
                .info(server.pid())
                .map(info -> info.mailboxLength())
                .orElse(0);
    }

    /** {@return the server behind the facade} */
    public GenServerRef<?, ?> ref() {
        return server;
    }

    /** Stops the mailer; mails still queued are not sent. */
    public void stop() {
        server.stop();
    }
}
