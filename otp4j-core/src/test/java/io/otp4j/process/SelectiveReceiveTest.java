package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Receive: the oldest message, or the oldest that matches; what is passed over stays, in order. Every test
 * runs on both kinds of mailbox.
 */
class SelectiveReceiveTest {

    record Tagged(String tag, int n) {}

    record Seq(int sender, int n) {}

    static Stream<MailboxConfig> mailboxes() {
        return Stream.of(MailboxConfig.unbounded(), MailboxConfig.bounded(50_000, OverflowPolicy.REJECT));
    }

    /** Runs {@code action} in a process with the given mailbox, after {@code preload} is in its mailbox. */
    private static <T> T inProcess(MailboxConfig mailbox, List<Object> preload, Probe.Action<T> action) {
        try (Node node = Node.start("receive")) {
            CountDownLatch loaded = new CountDownLatch(1);
            CompletableFuture<T> result = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults().withMailbox(mailbox), self -> {
                loaded.await();
                try {
                    result.complete(action.run(self));
                } catch (Throwable t) {
                    result.completeExceptionally(t);
                }
            });
            for (Object message : preload) {
                assertThat(node.send(pid, message).accepted()).isTrue();
            }
            loaded.countDown();
            return Probe.get(result);
        }
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void receiveByClassTakesTheOldestOfThatTypeAndKeepsTheRestInOrder(MailboxConfig mailbox) {
        List<Object> got = inProcess(mailbox, List.of("a", 1, "b", 2, "c", 3), self -> {
            List<Object> out = new ArrayList<>();
            out.add(self.receive(Integer.class));
            out.add(self.receive(Integer.class));
            for (int i = 0; i < 4; i++) {
                out.add(self.receive());
            }
            out.add(self.receive(Duration.ZERO).orElse("empty"));
            return out;
        });
        assertThat(got).containsExactly(1, 2, "a", "b", "c", 3, "empty");
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void receiveByPredicateTakesTheFirstMatch(MailboxConfig mailbox) {
        List<Object> preload = List.of(
                new Tagged("x", 1), new Tagged("y", 2), new Tagged("x", 3), new Tagged("y", 4), new Tagged("z", 5));
        List<Object> got = inProcess(mailbox, preload, self -> {
            List<Object> out = new ArrayList<>();
            out.add(self.receive(m -> m instanceof Tagged t && t.tag().equals("y")));
            out.add(self.receive(m -> m instanceof Tagged t && t.tag().equals("z")));
            out.add(self.receive(m -> m instanceof Tagged t && t.tag().equals("y")));
            // Nothing matches: the scan leaves everything where it was.
            out.add(self.receive(m -> m instanceof Tagged t && t.tag().equals("w"), Duration.ZERO)
                    .orElse("none"));
            out.add(self.receive());
            out.add(self.receive());
            return out;
        });
        assertThat(got)
                .containsExactly(
                        new Tagged("y", 2),
                        new Tagged("z", 5),
                        new Tagged("y", 4),
                        "none",
                        new Tagged("x", 1),
                        new Tagged("x", 3));
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void aSelectiveReceiveWaitsForAMatchThatArrivesLater(MailboxConfig mailbox) {
        try (Node node = Node.start("receive-later")) {
            CompletableFuture<List<Object>> result = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults().withMailbox(mailbox), self -> {
                Object match = self.receive(Integer.class);
                result.complete(List.of(match, self.receive(), self.receive()));
            });
            node.send(pid, "skipped-1");
            node.send(pid, "skipped-2");
            Probe.await(
                    "the process scanned both and waits",
                    () -> node.info(pid)
                            .map(i -> i.status() == ProcessStatus.WAITING && i.mailboxLength() == 2)
                            .orElse(false));
            node.send(pid, 42);
            assertThat(Probe.get(result)).containsExactly(42, "skipped-1", "skipped-2");
        }
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void aPredicateThatThrowsTakesNothing(MailboxConfig mailbox) {
        List<Object> got = inProcess(mailbox, List.of("a", "b"), self -> {
            List<Object> out = new ArrayList<>();
            try {
                self.receive(m -> {
                    if (m.equals("b")) {
                        throw new IllegalStateException("bad match");
                    }
                    return false;
                });
            } catch (IllegalStateException e) {
                out.add(e.getMessage());
            }
            out.add(self.receive());
            out.add(self.receive());
            return out;
        });
        assertThat(got).containsExactly("bad match", "a", "b");
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void receiveWithATimeoutReturnsEmptyAfterTheTimeout(MailboxConfig mailbox) {
        Duration timeout = Duration.ofMillis(200);
        long[] waited = new long[3];
        List<Optional<?>> got = inProcess(mailbox, List.of("not an int"), self -> {
            long start = System.nanoTime();
            Optional<Object> any = self.receive(m -> m instanceof Integer, timeout);
            waited[0] = System.nanoTime() - start;
            start = System.nanoTime();
            Optional<Integer> typed = self.receive(Integer.class, timeout);
            waited[1] = System.nanoTime() - start;
            Optional<Object> plain = self.receive(Duration.ZERO);
            start = System.nanoTime();
            Optional<Object> nothing = self.receive(timeout);
            waited[2] = System.nanoTime() - start;
            return List.of(any, typed, plain, nothing);
        });
        assertThat(got)
                .containsExactly(Optional.empty(), Optional.empty(), Optional.of("not an int"), Optional.empty());
        assertThat(Arrays.stream(waited).mapToObj(Duration::ofNanos))
                .allSatisfy(d -> assertThat(d).isGreaterThanOrEqualTo(timeout).isLessThan(Probe.WAIT));
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void receiveWithZeroTimeoutOnlyLooks(MailboxConfig mailbox) {
        List<Object> got = inProcess(mailbox, List.of(), self -> {
            List<Object> out = new ArrayList<>();
            out.add(self.receive(Duration.ZERO));
            self.send(self.self(), "to myself");
            out.add(self.receive(Duration.ZERO));
            out.add(self.receive(Duration.ZERO));
            return out;
        });
        assertThat(got).containsExactly(Optional.empty(), Optional.of("to myself"), Optional.empty());
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void eachSendersMessagesArriveInTheOrderSent(MailboxConfig mailbox) {
        int senders = 4;
        int perSender = 10_000;
        try (Node node = Node.start("fifo")) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            Pid receiver = node.spawn(SpawnOptions.defaults().withMailbox(mailbox), self -> {
                int[] last = new int[senders];
                Arrays.fill(last, -1);
                for (int i = 0; i < senders * perSender; i++) {
                    Seq seq = (Seq) self.receive();
                    if (seq.n() != last[seq.sender()] + 1) {
                        verdict.complete("sender " + seq.sender() + ": " + seq.n() + " after " + last[seq.sender()]);
                        return;
                    }
                    last[seq.sender()] = seq.n();
                }
                verdict.complete("in order: " + Arrays.toString(last));
            });
            CountDownLatch start = new CountDownLatch(1);
            for (int s = 0; s < senders; s++) {
                int sender = s;
                node.spawn(self -> {
                    start.await();
                    for (int n = 0; n < perSender; n++) {
                        self.send(receiver, new Seq(sender, n));
                    }
                });
            }
            start.countDown();
            int lastN = perSender - 1;
            assertThat(Probe.get(verdict))
                    .isEqualTo("in order: [" + lastN + ", " + lastN + ", " + lastN + ", " + lastN + "]");
        }
    }

    @ParameterizedTest
    @MethodSource("mailboxes")
    void selectiveReceivesUnderConcurrentSendsKeepEachSendersOrder(MailboxConfig mailbox) {
        int perSender = 5_000;
        try (Node node = Node.start("fifo-selective")) {
            CompletableFuture<String> verdict = new CompletableFuture<>();
            Pid receiver = node.spawn(SpawnOptions.defaults().withMailbox(mailbox), self -> {
                // Takes sender 1's messages first while sender 0's pile up, then sender 0's.
                for (int sender : new int[] {1, 0}) {
                    for (int n = 0; n < perSender; n++) {
                        Seq seq = (Seq) self.receive(m -> m instanceof Seq s && s.sender() == sender);
                        if (seq.n() != n) {
                            verdict.complete("sender " + sender + ": got " + seq.n() + ", wanted " + n);
                            return;
                        }
                    }
                }
                verdict.complete("in order, left over: " + self.receive(Duration.ZERO));
            });
            for (int s = 0; s < 2; s++) {
                int sender = s;
                node.spawn(self -> {
                    for (int n = 0; n < perSender; n++) {
                        self.send(receiver, new Seq(sender, n));
                    }
                });
            }
            assertThat(Probe.get(verdict)).isEqualTo("in order, left over: Optional.empty");
        }
    }
}
