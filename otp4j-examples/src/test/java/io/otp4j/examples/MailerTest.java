package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.process.Node;
import io.otp4j.testkit.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MailerTest {

    /** Newsletters wait for the gate (a slow remote server); other mail is delivered at once. */
    private static final class GatedDelivery implements MailDelivery {
        final CountDownLatch gate = new CountDownLatch(1);
        final List<Mail> delivered = Collections.synchronizedList(new ArrayList<>());

        @Override
        public void deliver(Mail mail) throws InterruptedException {
            if (mail.subject().equals("newsletter")) {
                gate.await();
            }
            delivered.add(mail);
        }
    }

    private static List<Mail> newsletters(int n) {
        List<Mail> batch = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            batch.add(new Mail("customer-" + i + "@example.com", "newsletter"));
        }
        return batch;
    }

    private static final Mail RESET = new Mail("ada@example.com", "password reset");

    @Test
    void theSingleMailerMakesTheUrgentMailWaitBehindTheBatchUntilItTimesOut() {
        GatedDelivery delivery = new GatedDelivery();
        try (Node node = Node.start("mail")) {
            SingleMailer mailer = SingleMailer.start(node, delivery);
            mailer.sendBatch(newsletters(3));
            assertThatThrownBy(() -> mailer.sendUrgent(RESET, Duration.ofMillis(100)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(mailer.backlog()).isEqualTo(3); // one newsletter in delivery; two, and the given-up call, wait
            delivery.gate.countDown();
            Await.until("the batch delivered", () -> delivery.delivered.size() >= 3);
            assertThat(delivery.delivered).startsWith(newsletters(3).toArray(Mail[]::new));
        }
    }

    @Test
    void theCureDeliversTheUrgentMailWhileTheBatchIsStillStuck() {
        GatedDelivery delivery = new GatedDelivery();
        try (Node node = Node.start("mail")) {
            PartitionedMailer mailer = PartitionedMailer.start(node, "mail", delivery, 2);
            mailer.sendBatch(newsletters(6));
            mailer.sendUrgent(RESET, Duration.ofSeconds(10)); // returns once delivered
            assertThat(delivery.delivered).containsExactly(RESET); // no newsletter has got through the gate yet
            delivery.gate.countDown();
            Await.until("the batch delivered", () -> delivery.delivered.size() == 7);
            assertThat(delivery.delivered).containsAll(newsletters(6));
            assertThat(mailer.backlog()).isZero();
        }
    }

    @Test
    void oneRecipientsMailsStayInOrderOnOneSender() {
        GatedDelivery delivery = new GatedDelivery();
        delivery.gate.countDown();
        try (Node node = Node.start("mail")) {
            PartitionedMailer mailer = PartitionedMailer.start(node, "mail", delivery, 4);
            List<Mail> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                batch.add(new Mail("bob@example.com", "part " + i));
            }
            mailer.sendBatch(batch);
            Await.until("20 mails delivered", () -> delivery.delivered.size() == 20);
            assertThat(delivery.delivered).containsExactlyElementsOf(batch);
        }
    }

    @Test
    void theSimulatedDeliveryTakesItsLatencyOnTheNodesClock() throws Exception {
        ManualClock clock = new ManualClock();
        MailDelivery.Simulated delivery = MailDelivery.simulated(clock, Duration.ofMillis(50));
        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                delivery.deliver(RESET);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        Await.timers(clock, 1);
        clock.advance(Duration.ofMillis(49));
        assertThat(sent).isNotDone();
        assertThat(delivery.delivered()).isZero();
        clock.advance(Duration.ofMillis(1));
        sent.get(10, TimeUnit.SECONDS);
        assertThat(delivery.delivered()).isEqualTo(1);
    }

    @Test
    void badMailAndSettingsAreRefused() {
        assertThatThrownBy(() -> new Mail(" ", "hi")).hasMessageContaining("to must name a recipient");
        assertThatThrownBy(() -> MailDelivery.simulated(new ManualClock(), Duration.ofMillis(-1)))
                .hasMessageContaining("latency must not be negative");
        try (Node node = Node.start("mail")) {
            assertThatThrownBy(() -> PartitionedMailer.start(node, "mail", mail -> {}, 0))
                    .hasMessageContaining("partitions must be at least 1, was 0");
        }
    }
}
