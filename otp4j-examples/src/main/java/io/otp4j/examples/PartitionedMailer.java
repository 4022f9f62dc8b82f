package io.otp4j.examples;

import static io.otp4j.genserver.Results.noReply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.PartitionSupervisor;
import io.otp4j.task.TaskSupervisor;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The cure for {@link SingleMailer}: slow work never sits in front of urgent work.
 *
 * <pre>
 *   batch job ── cast by recipient ──▶ PartitionSupervisor: [sender#0] [sender#1] … [sender#N-1]
 *   urgent call ──▶ [urgent desk] ── startChild ──▶ TaskSupervisor: [task: deliver, then reply]
 * </pre>
 *
 * <ul>
 *   <li>Batch mail is spread by recipient over N senders under a {@link PartitionSupervisor}: N deliveries run at
 *       once, a bounded number (the remote server's limit), and one recipient's mails stay in order.
 *   <li>An urgent mail goes to a desk that does no slow work itself: it starts a task under a {@link
 *       TaskSupervisor} for the delivery and returns at once, keeping the caller's {@link From}; the task replies
 *       when the mail is delivered (a deferred reply). The desk is free for the next urgent mail in microseconds,
 *       and the caller waits for one delivery only.
 * </ul>
 */
public final class PartitionedMailer {

    /** The desk's calls. */
    sealed interface Request<R> extends Call<R> {}

    /** Sends {@code mail} now; the reply comes from the task that delivered it. */
    record Urgent(Mail mail) implements Request<Boolean> {}

    /** Hands each urgent mail to a task of its own task supervisor; the state is that supervisor. */
    private static final class Desk implements GenServer<TaskSupervisor, Request<?>, NoCast> {
        private final MailDelivery delivery;

        Desk(MailDelivery delivery) {
            this.delivery = delivery;
        }

        @Override
        public Init<TaskSupervisor> init(ProcessContext self) {
            return Init.ok(TaskSupervisor.startLink(self)); // goes down with the desk, and comes back with it
        }

        @Override
        public CallResult<TaskSupervisor> handleCall(Request<?> request, From from, TaskSupervisor tasks) {
            return switch (request) {
                case Urgent urgent -> {
                    tasks.startChild(() -> {
                        delivery.deliver(urgent.mail()); // a failure crashes the task; the caller sees a timeout
                        from.reply(urgent, true);
                    });
                    yield noReply(tasks);
                }
            };
        }
    }

    private final PartitionSupervisor senders;
    private final GenServerRef<Request<?>, NoCast> desk;

    private PartitionedMailer(PartitionSupervisor senders, GenServerRef<Request<?>, NoCast> desk) {
        this.senders = senders;
        this.desk = desk;
    }

    /**
     * Starts {@code partitions} batch senders under a partition supervisor registered as {@code name}, and the
     * urgent desk registered as {@code name.urgent}.
     *
     * @param node the node it runs on
     * @param name the name the partition supervisor registers under; the urgent desk takes {@code name.urgent}
     * @param delivery how a mail is delivered
     * @param partitions how many batch mails are delivered at once; at least 1
     * @return a facade over the running mailer
     */
    public static PartitionedMailer start(Node node, String name, MailDelivery delivery, int partitions) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(delivery, "delivery");
        PartitionSupervisor senders =
                PartitionSupervisor.start(node, name, partitions, p -> SingleMailer.server(delivery));
        try {
            GenServerRef<Request<?>, NoCast> desk = GenServer.start(
                    node, new Desk(delivery), StartOptions.defaults().withName(name + ".urgent"));
            return new PartitionedMailer(senders, desk);
        } catch (RuntimeException e) {
            senders.stop();
            throw e;
        }
    }

    /**
     * Queues every mail of {@code batch} with the sender that owns its recipient, and returns at once.
     *
     * @param batch the mails, each queued with the sender of its recipient
     */
    public void sendBatch(List<Mail> batch) {
        Objects.requireNonNull(batch, "batch");
        for (Mail mail : batch) {
            Objects.requireNonNull(mail, "a mail of the batch");
            senders.cast(mail.to(), SingleMailer.Server.TYPE, new SingleMailer.Send(mail));
        }
    }

    /**
     * Sends {@code mail} at once, beside any batch, and waits until it is delivered.
     *
     * @param mail the mail
     * @param timeout how long to wait for its delivery; positive
     * @throws io.otp4j.genserver.CallTimeoutException if that takes longer than {@code timeout}
     */
    public void sendUrgent(Mail mail, Duration timeout) {
        Objects.requireNonNull(mail, "mail");
        desk.call(new Urgent(mail), timeout);
    }

    /** {@return mails waiting in the batch senders' mailboxes, all together} */
    public int backlog() {
        Node node = desk.node();
        int waiting = 0;
        for (int p = 0; p < senders.partitions(); p++) {
            waiting += node.whereis(PartitionSupervisor.partitionName(senders.name(), p))
                    .flatMap(node::info)
                    .map(info -> info.mailboxLength())
                    .orElse(0);
        }
        return waiting;
    }

    /** {@return the batch senders' partition supervisor} */
    public PartitionSupervisor senders() {
        return senders;
    }

    /** {@return the urgent desk} */
    public GenServerRef<?, ?> desk() {
        return desk;
    }

    /** Stops the desk (and its tasks), then the senders; mails still queued are not sent. */
    public void stop() {
        desk.stop();
        senders.stop();
    }
}
