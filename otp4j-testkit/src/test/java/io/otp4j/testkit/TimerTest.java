package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.MailboxFullException;
import io.otp4j.process.Node;
import io.otp4j.process.OverflowPolicy;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessStatus;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.TimerRef;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;

/** Timers on a manual clock: they fire when the test moves time, and not a nanosecond before. */
class TimerTest {

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static void await(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + Inbox.WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting until " + what);
            }
            LockSupport.parkNanos(1_000_000);
        }
    }

    @Test
    void sendAfterFiresOnlyWhenTheClockReachesTheDelay() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-fire", clock)) {
            Inbox inbox = new Inbox(node);
            TimerRef timer = node.sendAfter(inbox.pid(), ms(100), "tick");
            assertThat(clock.pending()).isEqualTo(1);

            clock.advance(ms(99));
            assertThat(inbox.drain()).isEmpty();
            assertThat(node.readTimer(timer)).contains(ms(1));

            clock.advance(ms(1));
            assertThat(inbox.drain()).containsExactly("tick");
            assertThat(node.readTimer(timer)).isEmpty();
            assertThat(clock.pending()).isZero();
        }
    }

    @Test
    void readTimerShowsTheTimeLeft() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-read", clock)) {
            Inbox inbox = new Inbox(node);
            TimerRef timer = node.sendAfter(inbox.pid(), Duration.ofSeconds(10), "tick");
            assertThat(node.readTimer(timer)).contains(Duration.ofSeconds(10));
            clock.advance(ms(2_500));
            assertThat(node.readTimer(timer)).contains(ms(7_500));
            clock.advance(ms(7_499));
            assertThat(node.readTimer(timer)).contains(ms(1));
            assertThat(inbox.drain()).isEmpty();
        }
    }

    @Test
    void cancellingBeforeFiringReturnsTheTimeLeftAndTheMessageNeverArrives() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-cancel", clock)) {
            Inbox inbox = new Inbox(node);
            TimerRef timer = node.sendAfter(inbox.pid(), ms(100), "tick");
            clock.advance(ms(40));

            assertThat(node.cancelTimer(timer)).contains(ms(60));

            assertThat(clock.pending()).isZero();
            assertThat(node.readTimer(timer)).isEmpty();
            clock.advance(Duration.ofHours(1));
            assertThat(inbox.drain()).isEmpty();
            assertThat(node.cancelTimer(timer)).as("a second cancel").isEmpty();
        }
    }

    @Test
    void cancellingAfterFiringReturnsEmptyAndTheMessageStays() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-cancel-late", clock)) {
            Inbox inbox = new Inbox(node);
            TimerRef timer = node.sendAfter(inbox.pid(), ms(100), "tick");
            clock.advance(ms(100));

            assertThat(node.cancelTimer(timer)).isEmpty();
            assertThat(inbox.drain()).containsExactly("tick");
        }
    }

    @Test
    void timersFireInDeadlineOrder() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-order", clock)) {
            Inbox inbox = new Inbox(node);
            node.sendAfter(inbox.pid(), ms(30), "third");
            node.sendAfter(inbox.pid(), ms(10), "first");
            node.sendAfter(inbox.pid(), ms(20), "second");
            node.sendAfter(inbox.pid(), ms(20), "second, set later");
            clock.advance(ms(30));
            assertThat(inbox.drain()).containsExactly("first", "second", "second, set later", "third");
        }
    }

    @Test
    void timersAimedAtAProcessGoAwayWhenItExits() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-owner-exit", clock)) {
            Inbox inbox = new Inbox(node);
            Pid target = node.spawn(self -> self.receive());
            List<TimerRef> timers = List.of(
                    node.sendAfter(target, ms(10), "a"),
                    node.sendAfter(target, Duration.ofMinutes(5), "b"),
                    node.sendAfter(target, Duration.ofDays(3), "c"));
            TimerRef unrelated = node.sendAfter(inbox.pid(), Duration.ofDays(1), "kept");
            assertThat(clock.pending()).isEqualTo(4);
            inbox.watch(target);
            inbox.drain(); // the monitor is in place

            node.exit(target, ExitReason.kill());

            assertThat(inbox.next())
                    .isInstanceOfSatisfying(
                            Down.class, d -> assertThat(d.reason()).isEqualTo(ExitReason.killed()));
            // Timers are cancelled before monitors hear of the exit.
            assertThat(clock.pending()).isEqualTo(1);
            assertThat(timers).allSatisfy(t -> {
                assertThat(node.readTimer(t)).isEmpty();
                assertThat(node.cancelTimer(t)).isEmpty();
            });
            assertThat(node.readTimer(unrelated)).contains(Duration.ofDays(1));
        }
    }

    @Test
    void aTimerAimedAtADeadProcessIsCancelledAtOnce() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-dead", clock)) {
            Inbox inbox = new Inbox(node);
            Pid dead = node.spawn(self -> {});
            inbox.watch(dead);
            assertThat(inbox.next()).isInstanceOf(Down.class);

            TimerRef timer = node.sendAfter(dead, ms(10), "lost");

            assertThat(clock.pending()).isZero();
            assertThat(node.readTimer(timer)).isEmpty();
            assertThat(node.cancelTimer(timer)).isEmpty();
        }
    }

    @Test
    void aTimerToANameLooksTheNameUpWhenItFires() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-name", clock)) {
            Inbox inbox = new Inbox(node);
            node.sendAfter("late", ms(10), "for whoever holds it"); // no one holds it yet
            node.sendAfter("nobody", ms(10), "discarded");
            node.register("late", inbox.pid());

            clock.advance(ms(10));

            assertThat(inbox.drain()).containsExactly("for whoever holds it");
            assertThat(clock.pending()).isZero();
        }
    }

    @Test
    void aTimerMessageIsNotRefusedByAFullBoundedMailbox() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-bounded", clock)) {
            Pid pid = node.spawn(
                    SpawnOptions.defaults().withMailbox(MailboxConfig.bounded(1, OverflowPolicy.REJECT)),
                    self -> new CountDownLatch(1).await());
            TimerRef timer = node.sendAfter(pid, ms(10), "accepted when set");
            assertThat(node.send(pid, "fills it")).isEqualTo(Delivery.ACCEPTED);
            assertThatThrownBy(() -> node.send(pid, "one too many")).isInstanceOf(MailboxFullException.class);

            clock.advance(ms(10));

            assertThat(node.readTimer(timer)).isEmpty();
            assertThat(node.info(pid).orElseThrow().mailboxLength()).isEqualTo(2);
        }
    }

    record TimedOut(Optional<Object> result, long at) {}

    @Test
    void receiveWithATimeoutTimesOutExactlyWhenTheClockSaysSo() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-receive", clock)) {
            CompletableFuture<TimedOut> outcome = new CompletableFuture<>();
            Pid pid = node.spawn(self -> {
                Optional<Object> result = self.receive(Duration.ofSeconds(5));
                outcome.complete(new TimedOut(result, clock.nanoTime()));
            });
            // The process schedules its wake-up on the clock just before it parks.
            await("the receive waits on the clock", () -> clock.pending() == 1);

            clock.advance(ms(4_999));
            await(
                    "the process waits",
                    () -> node.info(pid)
                            .map(i -> i.status() == ProcessStatus.WAITING)
                            .orElse(false));
            assertThat(outcome).isNotDone();

            clock.advance(ms(1));
            TimedOut timedOut = Inbox.get(outcome);
            assertThat(timedOut.result()).isEmpty();
            assertThat(Duration.ofNanos(timedOut.at())).isEqualTo(Duration.ofSeconds(5));
        }
    }

    @Test
    void aMessageBeforeTheTimeoutIsReturnedAndTheWakeUpIsCancelled() {
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-receive-message", clock)) {
            CompletableFuture<Optional<String>> outcome = new CompletableFuture<>();
            Pid pid = node.spawn(self -> outcome.complete(self.receive(String.class, Duration.ofSeconds(5))));
            await("the receive waits on the clock", () -> clock.pending() == 1);
            node.send(pid, 42); // not a match: it must keep waiting
            clock.advance(ms(3_000));
            node.send(pid, "in time");

            assertThat(Inbox.get(outcome)).contains("in time");
            assertThat(clock.pending()).isZero();
        }
    }

    @Test
    void cancelAndFireRacingDecideExactlyOnce() throws Exception {
        int iterations = 2_000;
        ManualClock clock = new ManualClock();
        try (Node node = Node.start("timer-race", clock)) {
            CompletableFuture<boolean[]> arrivedFuture = new CompletableFuture<>();
            Pid collector = node.spawn(self -> {
                boolean[] seen = new boolean[iterations];
                while (true) {
                    Object message = self.receive();
                    if (message instanceof Integer i) {
                        if (seen[i]) {
                            throw new AssertionError("timer " + i + " delivered twice");
                        }
                        seen[i] = true;
                    } else {
                        arrivedFuture.complete(seen);
                        return;
                    }
                }
            });
            boolean[] cancelled = new boolean[iterations];
            for (int i = 0; i < iterations; i++) {
                TimerRef timer = node.sendAfter(collector, ms(10), i);
                CountDownLatch go = new CountDownLatch(1);
                Thread advancer = Thread.ofPlatform().start(() -> {
                    awaitQuietly(go);
                    clock.advance(ms(10));
                });
                CompletableFuture<Optional<Duration>> cancel = new CompletableFuture<>();
                Thread canceller = Thread.ofPlatform().start(() -> {
                    awaitQuietly(go);
                    cancel.complete(node.cancelTimer(timer));
                });
                go.countDown();
                advancer.join(Inbox.WAIT.toMillis());
                canceller.join(Inbox.WAIT.toMillis());
                assertThat(advancer.isAlive() || canceller.isAlive()).isFalse();
                Optional<Duration> left = Inbox.get(cancel);
                cancelled[i] = left.isPresent();
                left.ifPresent(d -> assertThat(d).isBetween(Duration.ZERO, ms(10)));
                assertThat(node.readTimer(timer)).isEmpty();
            }
            // Every fired message went into the mailbox before its advance returned, so before this.
            node.send(collector, "done");
            boolean[] arrived = Inbox.get(arrivedFuture);

            int cancels = 0;
            int arrivals = 0;
            for (int i = 0; i < iterations; i++) {
                assertThat(cancelled[i] ^ arrived[i])
                        .as("timer %d: cancelled=%s arrived=%s", i, cancelled[i], arrived[i])
                        .isTrue();
                cancels += cancelled[i] ? 1 : 0;
                arrivals += arrived[i] ? 1 : 0;
            }
            assertThat(cancels + arrivals).isEqualTo(iterations);
            assertThat(clock.pending()).isZero();
        }
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
