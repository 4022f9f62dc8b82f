package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * {@code hibernate}: a process gives up its thread and stack while it waits, keeps everything else, and resumes
 * on a new thread when a message or an exit signal arrives.
 */
class HibernateTest {

    @SuppressWarnings("NullAway") // smuggles a null past the null checker, as a caller without one would
    private static <T> T none() {
        return null;
    }

    /** {@return whether {@code pid}'s process is hibernating: alive, with no thread} */
    private static boolean dormant(Pid pid) {
        ProcessImpl process = pid.process;
        return process != null && process.thread == null && process.mailbox.isDormant() && process.isAlive();
    }

    /** A process that forwards each message to {@code to}, hibernating between messages. */
    private static ProcessBody forwardHibernating(Pid to, AtomicInteger threads) {
        return new ProcessBody() {
            private Thread last = Thread.currentThread();

            @Override
            public void run(ProcessContext self) {
                if (Thread.currentThread() != last) {
                    last = Thread.currentThread();
                    threads.incrementAndGet();
                }
                Object message = self.receive();
                self.send(to, message);
                self.hibernate(this);
            }
        };
    }

    @Test
    void aHibernatingProcessHasNoThreadAndResumesOnTheNextMessage() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            AtomicInteger threads = new AtomicInteger();
            Pid pid = node.spawn(self -> self.hibernate(forwardHibernating(probe.pid(), threads)));

            Probe.await("the process hibernates", () -> dormant(pid));
            assertThat(node.isAlive(pid)).isTrue();
            assertThat(node.info(pid).orElseThrow().status()).isEqualTo(ProcessStatus.HIBERNATING);

            node.send(pid, "one");
            assertThat(probe.next()).isEqualTo("one");
            Probe.await("it hibernates again", () -> dormant(pid));
            node.send(pid, "two");
            assertThat(probe.next()).isEqualTo("two");
            assertThat(threads.get()).as("threads the resumed body ran on").isEqualTo(2);
        }
    }

    @Test
    void aMessageAlreadyWaitingResumesAtOnce() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            CountDownLatch sent = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                Probe.await(sent);
                self.hibernate(s -> s.send(probe.pid(), s.receive()));
            });
            MonitorRef ref = probe.monitor(pid);
            node.send(pid, "waiting");
            sent.countDown();
            assertThat(probe.next()).isEqualTo("waiting");
            assertThat(probe.nextDown(ref).reason()).isEqualTo(ExitReason.normal());
        }
    }

    @Test
    void theResumeBodyReturningEndsTheProcessNormally() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            Pid pid = node.spawn(self -> self.hibernate(s -> s.receive()));
            MonitorRef ref = probe.monitor(pid);
            Probe.await("the process hibernates", () -> dormant(pid));
            node.send(pid, "go");
            assertThat(probe.nextDown(ref).reason()).isEqualTo(ExitReason.normal());
        }
    }

    @Test
    void linksMonitorsNamesAndTimersSurviveHibernationAndAKillEndsIt() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid pid = node.spawn(SpawnOptions.defaults().withName("sleeper"), self -> self.hibernate(s -> s.receive()));
            probe.call(self -> {
                self.link(pid);
                return null;
            });
            MonitorRef ref = probe.monitor(pid);
            Probe.await("the process hibernates", () -> dormant(pid));
            ProcessInfo info = node.info(pid).orElseThrow();
            assertThat(info.links()).containsExactly(probe.pid());
            assertThat(info.monitoredBy()).containsExactly(probe.pid());
            assertThat(node.whereis("sleeper")).contains(pid);

            node.exit(pid, ExitReason.kill());

            // The link's Exit and the monitor's Down, in the order the exit sequence sends them.
            assertThat(List.of(probe.next(), probe.next()))
                    .containsExactly(new Exit(pid, ExitReason.killed()), new Down(ref, pid, ExitReason.killed()));
            assertThat(node.whereis("sleeper")).isEmpty();
        }
    }

    @Test
    void anAbnormalExitSignalWakesAndEndsAHibernatingProcess() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            Pid pid = node.spawn(self -> self.hibernate(s -> s.receive()));
            MonitorRef ref = probe.monitor(pid);
            Probe.await("the process hibernates", () -> dormant(pid));
            node.exit(pid, ExitReason.custom("stop"));
            assertThat(probe.nextDown(ref).reason()).isEqualTo(ExitReason.custom("stop"));
        }
    }

    @Test
    void aTrappingHibernatingProcessGetsTheExitAsAMessage() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            Pid pid = node.spawn(
                    SpawnOptions.defaults().withTrapExits(true),
                    self -> self.hibernate(s -> s.send(probe.pid(), s.receive())));
            Probe.await("the process hibernates", () -> dormant(pid));
            node.exit(pid, ExitReason.custom("hello"));
            assertThat(probe.next()).isEqualTo(new Exit(node.pid(), ExitReason.custom("hello")));
        }
    }

    @Test
    void aTimerMessageWakesAHibernatingProcess() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            CountDownLatch monitored = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                Probe.await(monitored);
                self.sendAfter(self.self(), java.time.Duration.ofMillis(20), "tick");
                self.hibernate(s -> s.send(probe.pid(), s.receive()));
            });
            MonitorRef ref = probe.monitor(pid);
            monitored.countDown();
            assertThat(probe.next()).isEqualTo("tick");
            assertThat(probe.nextDown(ref).reason()).isEqualTo(ExitReason.normal());
        }
    }

    @Test
    void aSuspendedHibernatingProcessWakesButHandlesNothingUntilResumed() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            AtomicInteger threads = new AtomicInteger();
            Pid pid = node.spawn(self -> self.hibernate(forwardHibernating(probe.pid(), threads)));
            Probe.await("the process hibernates", () -> dormant(pid));
            node.suspend(pid);
            node.send(pid, "held");
            Probe.await("the message waits", () -> node.info(pid).orElseThrow().mailboxLength() == 1);
            assertThat(node.info(pid).orElseThrow().status()).isEqualTo(ProcessStatus.SUSPENDED);
            assertThat(probe.drain()).isEmpty();
            assertThat(node.resume(pid)).isTrue();
            assertThat(probe.next()).isEqualTo("held");
        }
    }

    @Test
    void noMessageIsLostOrReorderedWhileAProcessHibernatesBetweenEveryMessage() throws Exception {
        int perSender = 5_000;
        try (Node node = Node.start("hibernate")) {
            CompletableFuture<List<Object>> all = new CompletableFuture<>();
            Pid pid = node.spawn(self -> self.hibernate(new ProcessBody() {
                private final List<Object> got = new ArrayList<>();

                @Override
                public void run(ProcessContext s) {
                    got.add(s.receive());
                    if (got.size() == 2 * perSender) {
                        all.complete(got);
                        return;
                    }
                    s.hibernate(this);
                }
            }));
            Runnable[] senders = new Runnable[2];
            for (int i = 0; i < 2; i++) {
                String tag = i == 0 ? "a" : "b";
                senders[i] = () -> {
                    for (int n = 0; n < perSender; n++) {
                        node.send(pid, tag + n);
                    }
                };
            }
            Thread a = Thread.ofVirtual().start(senders[0]);
            Thread b = Thread.ofPlatform().start(senders[1]);
            a.join(Probe.WAIT);
            b.join(Probe.WAIT);
            List<Object> got = Probe.get(all);
            assertThat(got).hasSize(2 * perSender);
            for (String tag : List.of("a", "b")) {
                List<Object> fromOne =
                        got.stream().filter(m -> ((String) m).startsWith(tag)).toList();
                List<Object> expected = new ArrayList<>();
                for (int n = 0; n < perSender; n++) {
                    expected.add(tag + n);
                }
                assertThat(fromOne).as("messages from sender %s, in order", tag).isEqualTo(expected);
            }
        }
    }

    @Test
    void closingANodeEndsItsHibernatingProcesses() {
        Node node = Node.start("hibernate");
        List<Pid> pids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            pids.add(node.spawn(self -> self.hibernate(s -> s.receive())));
        }
        Probe.await("all hibernate", () -> pids.stream().allMatch(HibernateTest::dormant));
        node.close(Probe.WAIT);
        assertThat(node.processCount()).isZero();
        assertThat(pids).noneMatch(node::isAlive);
    }

    @Test
    void hibernateActsOnTheCallingProcessOnly() {
        try (Node node = Node.start("hibernate")) {
            Probe probe = Probe.spawn(node);
            ProcessContext context = probe.call(self -> self);
            assertThatThrownBy(() -> context.hibernate(s -> {}))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("hibernate")
                    .hasMessageContaining(probe.pid().toString());
            assertThatThrownBy(() -> probe.call(self -> {
                        self.hibernate(none());
                        return null;
                    }))
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("resume");
        }
    }
}
