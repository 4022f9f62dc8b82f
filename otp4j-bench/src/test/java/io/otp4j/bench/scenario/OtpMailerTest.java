package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.PendingCall;
import io.otp4j.process.Node;
import io.otp4j.testkit.OtpTest;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The mailer's bottleneck and its cure, with deliveries held at a gate instead of timed: the sick mailer cannot
 * answer an urgent call while a delivery is stuck; the cured one answers at once.
 */
class OtpMailerTest {

    private final CountDownLatch gate = new CountDownLatch(1);

    private void held() {
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the gate never opened");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @OtpTest
    void theSickMailerKeepsAnUrgentCallBehindItsDeliveries(Node node) {
        OtpMailer mailer = OtpMailer.bottleneck(node, this::held);
        {
            TestProbe probe = TestProbe.spawn(node);
            for (int i = 0; i < 3; i++) {
                mailer.deliver("user-" + i, probe.pid());
            }
            PendingCall<Boolean> urgent = mailer.urgentLater("urgent");
            probe.expectNoMessage(Duration.ofMillis(50)); // no delivery is done while the gate is shut
            assertThat(urgent.check()).isEmpty(); // and the urgent call is still queued behind them
            gate.countDown();
            assertThat(urgent.await(Duration.ofSeconds(10))).isTrue();
            for (int i = 0; i < 3; i++) {
                probe.expectMessage(OtpMailer.Delivered.class);
            }
        }
        mailer.stop();
    }

    @OtpTest
    void theCuredMailerAnswersAnUrgentCallWhileEveryDeliveryIsStuck(Node node) {
        OtpMailer mailer = OtpMailer.cured(node, 4, this::held);
        {
            TestProbe probe = TestProbe.spawn(node);
            for (String key : Work.KEYS.subList(0, 40)) {
                mailer.deliver(key, probe.pid());
            }
            assertThat(mailer.urgent("urgent")).isTrue(); // the gate is still shut
            probe.expectNoMessage(Duration.ofMillis(20));
            gate.countDown();
            for (int i = 0; i < 40; i++) {
                probe.expectMessage(OtpMailer.Delivered.class);
            }
        }
        mailer.stop();
    }

    @OtpTest
    void urgentBehindTimesTheUrgentCallAndWaitsForEveryDelivery(Node node) throws Exception {
        OtpMailer mailer = OtpMailer.cured(node, 2, Duration.ZERO);
        CompletableFuture<Long> latency = new CompletableFuture<>();
        node.spawn(self -> latency.complete(mailer.urgentBehind(self, 25)));
        assertThat(latency.get(30, TimeUnit.SECONDS)).isPositive();
        mailer.stop();
    }
}
