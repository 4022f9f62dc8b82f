package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.Messages.Numbered;
import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.OverflowPolicy;
import io.otp4j.process.Pid;
import io.otp4j.process.SpawnOptions;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The bounded queue of frames to each member (ADR 27), its member made slow by holding the drainers: each overflow
 * policy, the counters, signals that are never refused, and a queue dropped when its member leaves.
 */
class OutboundQueueTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final int CAPACITY = 4;

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    /** Two members, each with queues of {@link #CAPACITY} messages under {@code policy}. */
    private Cluster[] pair(String prefix, OverflowPolicy policy, Duration maxWait) {
        Cluster a = members.join(prefix + "-a", c -> c.withOutboundQueue(CAPACITY, policy, maxWait));
        Cluster b = members.join(prefix + "-b", c -> c.withOutboundQueue(CAPACITY, policy, maxWait));
        Members.connected(a, b);
        return new Cluster[] {a, b};
    }

    /** Sends {@code count} numbered messages from {@code a} to {@code to}, each accepted. */
    private static void fill(Cluster a, Pid to, int count) {
        for (int n = 0; n < count; n++) {
            assertThat(a.node().send(to, new Numbered(0, n))).isEqualTo(Delivery.ACCEPTED);
        }
    }

    /**
     * Once the queue has drained, sends a marker from sender 1; expects exactly the numbers {@code expected} from
     * sender 0, in order, then the marker.
     */
    private static void expectInOrder(Cluster a, TestProbe there, Pid remote, int... expected) {
        String peer = remote.node();
        Eventually.until(() -> a.route().outbound().waiting(peer) == 0, "the queue to " + peer + " has drained");
        assertThat(a.node().send(remote, new Numbered(1, 0))).isEqualTo(Delivery.ACCEPTED);
        for (int n : expected) {
            assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, n));
        }
        assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(1, 0));
    }

    @Test
    void rejectThrowsBeyondCapacityAndLosesNoneItAccepted() {
        Cluster[] ab = pair("reject", OverflowPolicy.REJECT, Duration.ZERO);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, CAPACITY);
            assertThatThrownBy(() -> ab[0].node().send(remote, new Numbered(0, CAPACITY)))
                    .isInstanceOfSatisfying(OutboundQueueFullException.class, e -> {
                        assertThat(e.node()).isEqualTo("reject-b");
                        assertThat(e.capacity()).isEqualTo(CAPACITY);
                        assertThat(e.policy()).isEqualTo(OverflowPolicy.REJECT);
                    })
                    .hasMessageContaining("outbound queue to node reject-b is full")
                    .hasMessageContaining("rejected");
            assertThat(ab[0].route().outbound().waiting("reject-b")).isEqualTo(CAPACITY);
        }
        expectInOrder(ab[0], there, remote, 0, 1, 2, 3);
        assertThat(ab[0].stats().outboundRejected()).isEqualTo(1);
        assertThat(ab[0].stats().outboundDiscarded()).isZero();
    }

    @Test
    void dropNewestDropsTheNewMessageAndSaysSo() {
        Cluster[] ab = pair("newest", OverflowPolicy.DROP_NEWEST, Duration.ZERO);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, CAPACITY);
            assertThat(ab[0].node().send(remote, new Numbered(0, CAPACITY))).isEqualTo(Delivery.DROPPED);
            assertThat(ab[0].send("newest-b", "nobody", new Numbered(0, 99))).isEqualTo(Delivery.DROPPED);
        }
        expectInOrder(ab[0], there, remote, 0, 1, 2, 3);
        assertThat(ab[0].stats().outboundDroppedNewest()).isEqualTo(2);
    }

    @Test
    void dropOldestTakesTheNewMessageForTheOldestWaiting() {
        Cluster[] ab = pair("oldest", OverflowPolicy.DROP_OLDEST, Duration.ZERO);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, CAPACITY);
            assertThat(ab[0].node().send(remote, new Numbered(0, CAPACITY)))
                    .isEqualTo(Delivery.ACCEPTED_DROPPED_OLDEST);
        }
        expectInOrder(ab[0], there, remote, 1, 2, 3, 4);
        assertThat(ab[0].stats().outboundDroppedOldest()).isEqualTo(1);
    }

    @Test
    void blockWaitsForRoomUntilItsDeadline() {
        Duration maxWait = Duration.ofMillis(200);
        Cluster[] ab = pair("deadline", OverflowPolicy.BLOCK, maxWait);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, CAPACITY);
            long start = System.nanoTime();
            assertThatThrownBy(() -> ab[0].node().send(remote, new Numbered(0, CAPACITY)))
                    .isInstanceOf(OutboundQueueFullException.class)
                    .hasMessageContaining("stayed full for PT0.2S");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(maxWait);
        }
        expectInOrder(ab[0], there, remote, 0, 1, 2, 3);
        assertThat(ab[0].stats().outboundTimedOut()).isEqualTo(1);
    }

    @Test
    void blockedSenderGoesOnWhenTheDrainerMakesRoom() throws Exception {
        Cluster[] ab = pair("room", OverflowPolicy.BLOCK, Duration.ofSeconds(30));
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        CompletableFuture<Delivery> blocked = new CompletableFuture<>();
        Thread sender;
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, CAPACITY);
            sender = Thread.ofPlatform()
                    .start(() -> blocked.complete(ab[0].node().send(remote, new Numbered(0, 4))));
            Eventually.until(() -> sender.getState() == Thread.State.TIMED_WAITING, "the sender waits for room");
            assertThat(blocked).isNotDone();
        }
        assertThat(blocked.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo(Delivery.ACCEPTED);
        sender.join(BOUND.toMillis());
        expectInOrder(ab[0], there, remote, 0, 1, 2, 3, 4);
        assertThat(ab[0].stats().outboundTimedOut()).isZero();
    }

    @Test
    void signalsPassAFullQueueAndStayInOrderWithTheMessages() {
        Cluster[] ab = pair("signals", OverflowPolicy.REJECT, Duration.ZERO);
        Cluster a = ab[0];
        Cluster b = ab[1];
        TestProbe there = TestProbe.spawn(b.node());
        there.trapExits(true);
        TestProbe watched = TestProbe.spawn(b.node());
        TestProbe here = TestProbe.spawn(a.node());
        Pid remote = seenFrom(a.node(), there.pid());
        Pid remoteWatched = seenFrom(a.node(), watched.pid());
        try (Outbound.Hold hold = a.route().outbound().hold()) {
            fill(a, remote, CAPACITY);
            here.watch(remoteWatched); // a monitor: never refused
            a.node().exit(remote, ExitReason.shutdown("after the messages")); // an exit signal: never refused
            assertThat(a.route().outbound().waiting("signals-b")).isEqualTo(CAPACITY + 2);
        }
        for (int n = 0; n < CAPACITY; n++) {
            assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, n));
        }
        assertThat(there.expectExit(seenFrom(b.node(), a.node().pid()), BOUND).reason())
                .isEqualTo(ExitReason.shutdown("after the messages"));
        Eventually.until(
                () -> !b.node().info(watched.pid()).orElseThrow().monitoredBy().isEmpty(), "b holds the monitor");

        // The Down comes back through b's queue, held full as well.
        TestProbe elsewhere = TestProbe.spawn(a.node());
        Pid far = seenFrom(b.node(), elsewhere.pid());
        try (Outbound.Hold hold = b.route().outbound().hold()) {
            fill(b, far, CAPACITY);
            watched.exit(ExitReason.custom("gone"));
            Eventually.until(() -> b.route().outbound().waiting("signals-a") == CAPACITY + 1, "the Down waits");
        }
        here.expectDown(remoteWatched, ExitReason.custom("gone"), BOUND);
        for (int n = 0; n < CAPACITY; n++) {
            assertThat(elsewhere.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, n));
        }
        assertThat(b.stats().outboundRejected()).isZero();
        assertThat(a.stats().outboundRejected()).isZero();
    }

    @Test
    void theQueueOfAMemberThatLeavesIsDroppedAndCounted() {
        Cluster[] ab = pair("leaves", OverflowPolicy.REJECT, Duration.ZERO);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        try (Outbound.Hold hold = ab[0].route().outbound().hold()) {
            fill(ab[0], remote, 3);
            ab[1].close();
            Eventually.until(() -> ab[0].stats().outboundDiscarded() == 3, "a discards the three frames for b");
            // The view change drops the connection (and counts its frames) just before it removes the member.
            Eventually.until(() -> ab[0].nodes().isEmpty(), "a no longer lists b");
            assertThat(ab[0].route().outbound().waiting("leaves-b")).isZero();
            assertThat(ab[0].node().send(remote, new Numbered(0, 3))).isEqualTo(Delivery.NO_PROCESS);
        }
        Eventually.until(() -> ab[0].route().outbound().drainers() == 0, "b's drainer has stopped");
    }

    @Test
    void closingTheClusterStopsTheDrainers() {
        Cluster[] ab = pair("closing", OverflowPolicy.REJECT, Duration.ZERO);
        TestProbe there = TestProbe.spawn(ab[1].node());
        Pid remote = seenFrom(ab[0].node(), there.pid());
        Outbound outbound = ab[0].route().outbound();
        try (Outbound.Hold hold = outbound.hold()) {
            fill(ab[0], remote, 2);
            Eventually.until(() -> outbound.drainers() == 1, "one drainer runs, for b");
            ab[0].close();
        }
        Eventually.until(() -> outbound.drainers() == 0, "the drainer has stopped");
        assertThat(ab[0].stats().outboundDiscarded()).isEqualTo(2);
        assertThat(ab[0].node().send(remote, new Numbered(0, 2))).isEqualTo(Delivery.NO_PROCESS);
    }

    @Test
    void aMessageABoundedMailboxThereRefusesIsCountedThere() {
        Cluster a = members.join("refused-a");
        Cluster b = members.join("refused-b");
        Members.connected(a, b);
        // Neither ever receives what it waits for, so each mailbox stays full after one message.
        Pid full = b.node()
                .spawn(
                        SpawnOptions.defaults().withMailbox(MailboxConfig.bounded(1, OverflowPolicy.REJECT)),
                        self -> self.receive(String.class));
        Pid newest = b.node()
                .spawn(
                        SpawnOptions.defaults().withMailbox(MailboxConfig.bounded(1, OverflowPolicy.DROP_NEWEST)),
                        self -> self.receive(String.class));
        Pid remoteFull = seenFrom(a.node(), full);
        Pid remoteNewest = seenFrom(a.node(), newest);
        fill(a, remoteFull, 3);
        fill(a, remoteNewest, 2);
        Eventually.until(() -> b.stats().framesReceived() >= 5, "b has received the five messages");
        Eventually.until(() -> b.stats().remoteRefused() == 3, "b counts the three its mailboxes refused");
        assertThat(b.node().info(full).orElseThrow().mailboxLength()).isEqualTo(1);
    }

    @Test
    void theQueueSettingsAreCheckedAndShown() {
        ClusterConfig config = ClusterConfig.of("settings");
        assertThat(config.outboundQueue()).isEqualTo(ClusterConfig.OutboundQueue.DEFAULT);
        assertThat(config.outboundQueue().capacity()).isEqualTo(65_536);
        assertThat(config.batchBytes()).isEqualTo(ClusterConfig.DEFAULT_BATCH_BYTES);
        assertThat(config.encryption()).isFalse();
        assertThatThrownBy(() -> config.withOutboundQueue(0, OverflowPolicy.REJECT, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("outbound queue capacity must be at least 1, was 0");
        assertThatThrownBy(() -> config.withOutboundQueue(1, OverflowPolicy.BLOCK, Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWait must not be negative");
        assertThatThrownBy(() -> config.withOutboundQueue(1, OverflowPolicy.REJECT, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxWait applies only to OverflowPolicy.BLOCK");
        assertThatThrownBy(() -> config.withBatchBytes(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("batchBytes -1 is negative");
        ClusterConfig changed = config.withOutboundQueue(8, OverflowPolicy.DROP_OLDEST, Duration.ZERO)
                .withBatchBytes(0)
                .withEncryption(true);
        assertThat(changed.outboundQueue())
                .isEqualTo(new ClusterConfig.OutboundQueue(8, OverflowPolicy.DROP_OLDEST, Duration.ZERO));
        assertThat(changed.toString())
                .contains("outboundQueue=OutboundQueue[capacity=8, policy=DROP_OLDEST, maxWait=PT0S]")
                .contains("batchBytes=0")
                .contains("encryption=true");
    }
}
