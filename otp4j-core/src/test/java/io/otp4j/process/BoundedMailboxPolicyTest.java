package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Overflow policies of bounded mailboxes, through the process API, with several senders at once and exact
 * counts. The receiver suspends itself before its first receive, so nothing is consumed until the test
 * resumes it; it traps exits, and the test ends its collection with an exit signal, which arrives as an
 * {@link Exit} message after everything that was accepted before it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BoundedMailboxPolicyTest {

    private static final int SENDERS = 4;
    private static final int PER_SENDER = 50;
    private static final int TOTAL = SENDERS * PER_SENDER;
    private static final int CAPACITY = 16;
    private static final Duration WAIT = Duration.ofSeconds(30);

    record Msg(int sender, int seq) {}

    /** What one send returned: a delivery, or the policy's refusal. */
    record Sent(Msg msg, Delivery delivery, boolean full) {}

    private Node node;

    @BeforeEach
    void startNode() {
        node = Node.start("policies");
    }

    @AfterEach
    void closeNode() {
        node.close();
    }

    // ------------------------------------------------------------------ the policies

    @Test
    void rejectAcceptsExactlyCapacityAndRejectsTheRest() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.bounded(CAPACITY, OverflowPolicy.REJECT));

        List<Sent> sent = sendConcurrently(receiver.pid);

        List<Sent> accepted = sent.stream().filter(s -> !s.full()).toList();
        assertThat(accepted).hasSize(CAPACITY).allMatch(s -> s.delivery() == Delivery.ACCEPTED);
        assertThat(sent.stream().filter(Sent::full)).hasSize(TOTAL - CAPACITY);
        ProcessInfo info = node.info(receiver.pid).orElseThrow();
        assertThat(info.mailboxLength()).isEqualTo(CAPACITY);
        assertThat(info.droppedMessages()).isZero();

        List<Msg> received = receiver.finish(node);
        assertThat(received).containsExactlyInAnyOrderElementsOf(messages(accepted));
        assertEachSendersOrderKept(received);
    }

    @Test
    void dropNewestDropsExactlyTheOverflowAndKeepsTheAccepted() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.bounded(CAPACITY, OverflowPolicy.DROP_NEWEST));

        List<Sent> sent = sendConcurrently(receiver.pid);

        assertThat(sent).noneMatch(Sent::full);
        List<Sent> accepted =
                sent.stream().filter(s -> s.delivery() == Delivery.ACCEPTED).toList();
        long dropped =
                sent.stream().filter(s -> s.delivery() == Delivery.DROPPED).count();
        assertThat(accepted).hasSize(CAPACITY);
        assertThat(dropped).isEqualTo(TOTAL - CAPACITY);
        ProcessInfo info = node.info(receiver.pid).orElseThrow();
        assertThat(info.droppedMessages()).isEqualTo(dropped);
        assertThat(info.mailboxLength()).isEqualTo(CAPACITY);

        List<Msg> received = receiver.finish(node);
        assertThat(received).containsExactlyInAnyOrderElementsOf(messages(accepted));
        assertEachSendersOrderKept(received);
    }

    @Test
    void dropOldestKeepsTheNewestCapacityMessages() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.bounded(CAPACITY, OverflowPolicy.DROP_OLDEST));

        List<Sent> sent = sendConcurrently(receiver.pid);

        assertThat(sent).noneMatch(Sent::full).allMatch(s -> s.delivery().accepted());
        long plain =
                sent.stream().filter(s -> s.delivery() == Delivery.ACCEPTED).count();
        long displacing = sent.stream()
                .filter(s -> s.delivery() == Delivery.ACCEPTED_DROPPED_OLDEST)
                .count();
        // The first CAPACITY sends found room; every later one pushed out the oldest.
        assertThat(plain).isEqualTo(CAPACITY);
        assertThat(displacing).isEqualTo(TOTAL - CAPACITY);
        ProcessInfo info = node.info(receiver.pid).orElseThrow();
        assertThat(info.droppedMessages()).isEqualTo(displacing);
        assertThat(info.mailboxLength()).isEqualTo(CAPACITY);

        List<Msg> received = receiver.finish(node);
        assertThat(received).hasSize(CAPACITY).doesNotHaveDuplicates();
        assertEachSendersOrderKept(received);
        // The newest survive: what is left of each sender is the end of what it sent.
        Map<Integer, List<Integer>> bySender = received.stream()
                .collect(Collectors.groupingBy(Msg::sender, Collectors.mapping(Msg::seq, Collectors.toList())));
        bySender.forEach((sender, seqs) -> assertThat(seqs)
                .as("messages kept from sender %d", sender)
                .isEqualTo(range(PER_SENDER - seqs.size(), PER_SENDER)));
    }

    @Test
    void dropOldestAfterTheRaceKeepsExactlyTheLastOnesSent() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.bounded(CAPACITY, OverflowPolicy.DROP_OLDEST));
        sendConcurrently(receiver.pid);

        List<Msg> last = new ArrayList<>();
        for (int i = 0; i < CAPACITY; i++) {
            Msg m = new Msg(SENDERS, i);
            assertThat(node.send(receiver.pid, m)).isEqualTo(Delivery.ACCEPTED_DROPPED_OLDEST);
            last.add(m);
        }
        assertThat(node.info(receiver.pid).orElseThrow().droppedMessages()).isEqualTo(TOTAL);

        assertThat(receiver.finish(node)).containsExactlyElementsOf(last);
    }

    @Test
    void blockHoldsSendersUntilTheReceiverMakesRoomAndLosesNothing() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.blocking(CAPACITY, WAIT));
        AtomicInteger returned = new AtomicInteger();

        CompletableFuture<List<Sent>> sending = CompletableFuture.supplyAsync(() -> {
            try {
                return sendConcurrently(receiver.pid, returned);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });

        // While the receiver is suspended, exactly CAPACITY sends can complete; the rest wait for room.
        awaitTrue(() -> returned.get() == CAPACITY, "the mailbox to fill");
        assertThat(node.info(receiver.pid).orElseThrow().mailboxLength()).isEqualTo(CAPACITY);
        assertThat(sending).isNotDone();
        assertThat(returned.get()).isEqualTo(CAPACITY);

        assertThat(node.resume(receiver.pid)).isTrue();
        List<Sent> sent = sending.get(WAIT.toSeconds(), TimeUnit.SECONDS);

        long timedOut = sent.stream().filter(Sent::full).count();
        long accepted =
                sent.stream().filter(s -> s.delivery() == Delivery.ACCEPTED).count();
        assertThat(accepted + timedOut).isEqualTo(TOTAL);
        assertThat(timedOut).isZero();

        List<Msg> received = receiver.finishResumed(node);
        assertThat(received).containsExactlyInAnyOrderElementsOf(messages(sent));
        assertEachSendersOrderKept(received);
        assertThat(node.info(receiver.pid)).isEmpty(); // it exited after the Exit message
    }

    @Test
    void blockWithAShortDeadlineFailsWhileTheReceiverIsSuspended() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.blocking(1, Duration.ofMillis(50)));
        assertThat(node.send(receiver.pid, new Msg(0, 0))).isEqualTo(Delivery.ACCEPTED);

        assertThatThrownBy(() -> node.send(receiver.pid, new Msg(0, 1)))
                .isInstanceOfSatisfying(MailboxFullException.class, e -> {
                    assertThat(e.pid()).isEqualTo(receiver.pid);
                    assertThat(e.capacity()).isEqualTo(1);
                    assertThat(e.policy()).isEqualTo(OverflowPolicy.BLOCK);
                    assertThat(e.getStackTrace())
                            .as("a send that waited keeps where it waited")
                            .isNotEmpty();
                });

        assertThat(receiver.finish(node)).containsExactly(new Msg(0, 0));
    }

    @Test
    void aRejectionNamesTheMailboxWithoutAStackTrace() throws Exception {
        Receiver receiver = Receiver.spawn(node, MailboxConfig.bounded(1, OverflowPolicy.REJECT));
        assertThat(node.send(receiver.pid, new Msg(0, 0))).isEqualTo(Delivery.ACCEPTED);

        for (int i = 1; i <= 200; i++) { // runs past the rejections after which the sender yields
            Msg msg = new Msg(0, i);
            assertThatThrownBy(() -> node.send(receiver.pid, msg))
                    .isInstanceOfSatisfying(MailboxFullException.class, e -> {
                        assertThat(e.pid()).isEqualTo(receiver.pid);
                        assertThat(e.capacity()).isEqualTo(1);
                        assertThat(e.policy()).isEqualTo(OverflowPolicy.REJECT);
                        assertThat(e.getStackTrace()).isEmpty();
                        assertThat(e.getMessage())
                                .isEqualTo("mailbox of " + receiver.pid
                                        + " is full (capacity 1, policy REJECT): the message was rejected");
                    });
        }

        assertThat(receiver.finish(node)).containsExactly(new Msg(0, 0));
    }

    // ------------------------------------------------------------------ system messages

    @Test
    void downAndTrappedExitBypassAFullMailbox() throws Exception {
        Pid target = node.spawn(self -> self.receive());
        CompletableFuture<List<Object>> got = new CompletableFuture<>();
        CompletableFuture<MonitorRef> monitor = new CompletableFuture<>();
        CountDownLatch suspended = new CountDownLatch(1);
        Pid receiver = node.spawn(
                SpawnOptions.defaults()
                        .withMailbox(MailboxConfig.bounded(2, OverflowPolicy.REJECT))
                        .withTrapExits(true),
                self -> {
                    monitor.complete(self.monitor(target));
                    node.suspend(self.self());
                    suspended.countDown();
                    List<Object> all = new ArrayList<>();
                    for (int i = 0; i < 4; i++) {
                        all.add(self.receive());
                    }
                    got.complete(all);
                });
        assertThat(suspended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();

        node.send(receiver, "one");
        node.send(receiver, "two");
        assertThatThrownBy(() -> node.send(receiver, "three")).isInstanceOf(MailboxFullException.class);

        node.exit(target, ExitReason.kill());
        awaitTrue(() -> node.info(receiver).orElseThrow().mailboxLength() == 3, "the DOWN in a full mailbox");
        node.exit(receiver, ExitReason.normal());
        awaitTrue(() -> node.info(receiver).orElseThrow().mailboxLength() == 4, "the EXIT in a full mailbox");
        // Signals do not count toward the bound: user messages are still refused.
        assertThatThrownBy(() -> node.send(receiver, "four")).isInstanceOf(MailboxFullException.class);

        assertThat(node.resume(receiver)).isTrue();
        List<Object> all = got.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        MonitorRef ref = monitor.getNow(null);
        assertThat(all)
                .containsExactly(
                        "one",
                        "two",
                        new Down(ref, target, ExitReason.killed()),
                        new Exit(node.pid(), ExitReason.normal()));
    }

    // ------------------------------------------------------------------ helpers

    /** A process that suspends itself before it receives, then collects messages until an {@link Exit}. */
    private static final class Receiver {
        final Pid pid;
        final CompletableFuture<List<Msg>> received;

        private Receiver(Pid pid, CompletableFuture<List<Msg>> received) {
            this.pid = pid;
            this.received = received;
        }

        static Receiver spawn(Node node, MailboxConfig config) throws InterruptedException {
            CompletableFuture<List<Msg>> received = new CompletableFuture<>();
            CountDownLatch suspended = new CountDownLatch(1);
            Pid pid = node.spawn(SpawnOptions.defaults().withMailbox(config).withTrapExits(true), self -> {
                // Suspended on its own thread before its first receive: nothing can be taken until resumed.
                node.suspend(self.self());
                suspended.countDown();
                List<Msg> got = new ArrayList<>();
                for (; ; ) {
                    Object m = self.receive();
                    if (m instanceof Exit) {
                        received.complete(got);
                        return;
                    }
                    got.add((Msg) m);
                }
            });
            assertThat(suspended.await(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            return new Receiver(pid, received);
        }

        /** Queues the end marker behind everything accepted, resumes, and returns what the receiver got. */
        List<Msg> finish(Node node) throws Exception {
            node.exit(pid, ExitReason.normal());
            assertThat(node.resume(pid)).isTrue();
            return received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        /** As {@link #finish}, for a receiver the test already resumed. */
        List<Msg> finishResumed(Node node) throws Exception {
            node.exit(pid, ExitReason.normal());
            List<Msg> got = received.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            awaitTrue(() -> !node.isAlive(pid) && node.info(pid).isEmpty(), "the receiver to exit");
            return got;
        }
    }

    private List<Sent> sendConcurrently(Pid to) throws InterruptedException {
        return sendConcurrently(to, new AtomicInteger());
    }

    /** SENDERS threads, released together, each send PER_SENDER numbered messages; returns every outcome. */
    private List<Sent> sendConcurrently(Pid to, AtomicInteger returned) throws InterruptedException {
        CountDownLatch start = new CountDownLatch(1);
        List<Sent> all = Collections.synchronizedList(new ArrayList<>());
        Map<Integer, Throwable> failures = new ConcurrentHashMap<>();
        List<Thread> threads = new ArrayList<>();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            threads.add(Thread.ofPlatform().name("sender-" + s).start(() -> {
                try {
                    start.await();
                    for (int seq = 0; seq < PER_SENDER; seq++) {
                        Msg m = new Msg(sender, seq);
                        try {
                            all.add(new Sent(m, node.send(to, m), false));
                            returned.incrementAndGet();
                        } catch (MailboxFullException e) {
                            all.add(new Sent(m, Delivery.NO_PROCESS, true));
                        }
                    }
                } catch (Throwable t) {
                    failures.put(sender, t);
                }
            }));
        }
        start.countDown();
        for (Thread t : threads) {
            assertThat(t.join(WAIT.plusSeconds(5)))
                    .as("%s finished", t.getName())
                    .isTrue();
        }
        assertThat(failures).isEmpty();
        assertThat(all).hasSize(TOTAL);
        return List.copyOf(all);
    }

    private static List<Msg> messages(List<Sent> sent) {
        return sent.stream().filter(s -> !s.full()).map(Sent::msg).toList();
    }

    private static void assertEachSendersOrderKept(List<Msg> received) {
        Map<Integer, List<Integer>> bySender = received.stream()
                .collect(Collectors.groupingBy(Msg::sender, Collectors.mapping(Msg::seq, Collectors.toList())));
        bySender.forEach((sender, seqs) ->
                assertThat(seqs).as("order of sender %d", sender).isSorted().doesNotHaveDuplicates());
    }

    private static List<Integer> range(int from, int to) {
        List<Integer> r = new ArrayList<>();
        for (int i = from; i < to; i++) {
            r.add(i);
        }
        return r;
    }

    /** Polls {@code condition} until it holds, failing after a generous deadline; never sleeps blindly. */
    private static void awaitTrue(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        CountDownLatch never = new CountDownLatch(1);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("timed out waiting for " + what);
            }
            never.await(1, TimeUnit.MILLISECONDS); // a bounded pause between polls
        }
    }
}
