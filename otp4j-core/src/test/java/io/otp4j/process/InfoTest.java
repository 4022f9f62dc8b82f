package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.TestClock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** {@code info(pid)}: a process's status, mailbox and relations, as {@code process_info/1} reports them. */
class InfoTest {

    record Work(int n) {}

    private static ProcessInfo info(Node node, Pid pid) {
        return node.info(pid).orElseThrow(() -> new AssertionError(pid + " is not alive"));
    }

    @Test
    void aProcessBlockedInReceiveIsWaitingWithNoCurrentMessage() {
        try (Node node = Node.start("info-waiting")) {
            Pid pid = node.spawn(self -> self.receive(Work.class));
            Probe.await("the process waits", () -> info(node, pid).status() == ProcessStatus.WAITING);
            ProcessInfo info = info(node, pid);
            assertThat(info.currentMessageType()).isEmpty();
            assertThat(info.mailboxLength()).isZero();
            assertThat(info.messagesHandled()).isZero();
            assertThat(info.pid()).isEqualTo(pid);
            assertThat(info.mailbox()).isEqualTo(MailboxConfig.unbounded());
        }
    }

    @Test
    void aProcessHandlingAMessageIsRunningWithThatMessagesType() {
        try (Node node = Node.start("info-running")) {
            CountDownLatch handling = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                self.receive(Work.class);
                handling.countDown();
                finish.await(); // busy with the message
                self.receive();
            });
            node.send(pid, new Work(1));
            Probe.await(handling);

            ProcessInfo info = info(node, pid);
            assertThat(info.status()).isEqualTo(ProcessStatus.RUNNING);
            assertThat(info.currentMessageType()).contains(Work.class);
            assertThat(info.messagesHandled()).isEqualTo(1);
            assertThat(info.mailboxLength()).isZero();

            finish.countDown();
            Probe.await("the process waits again", () -> info(node, pid).status() == ProcessStatus.WAITING);
            assertThat(info(node, pid).currentMessageType()).isEmpty();
        }
    }

    @Test
    void mailboxLengthAndMessagesHandledAreExactForAWaitingProcess() {
        try (Node node = Node.start("info-counts")) {
            Pid pid = node.spawn(self -> {
                for (int i = 0; i < 5; i++) {
                    self.receive(Work.class);
                }
                self.receive(Work.class); // the sixth is never sent: waits, passing over the strings
            });
            for (int i = 0; i < 5; i++) {
                node.send(pid, new Work(i));
            }
            node.send(pid, "not work");
            node.send(pid, "not work either");

            Probe.await("the process has handled five and waits", () -> {
                ProcessInfo info = info(node, pid);
                return info.status() == ProcessStatus.WAITING && info.messagesHandled() == 5;
            });
            assertThat(info(node, pid).mailboxLength()).isEqualTo(2);
            assertThat(info(node, pid).messagesHandled()).isEqualTo(5);
        }
    }

    @Test
    void aSuspendedProcessIsSuspendedAndItsQueueIsExact() {
        try (Node node = Node.start("info-suspended")) {
            Pid pid = node.spawn(self -> {
                while (true) {
                    self.receive();
                }
            });
            node.suspend(pid);
            assertThat(info(node, pid).status()).isEqualTo(ProcessStatus.SUSPENDED);
            for (int i = 0; i < 3; i++) {
                node.send(pid, new Work(i));
            }
            ProcessInfo info = info(node, pid);
            assertThat(info.status()).isEqualTo(ProcessStatus.SUSPENDED);
            assertThat(info.mailboxLength()).isEqualTo(3);
            assertThat(info.messagesHandled()).isZero();
        }
    }

    @Test
    void relationsAreReported() {
        try (Node node = Node.start("info-relations")) {
            Pid linked = node.spawn(self -> self.receive());
            Pid watched = node.spawn(self -> self.receive());
            Probe subject = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Probe watcher = Probe.spawn(node);
            subject.call(self -> {
                self.link(linked);
                self.monitor(watched);
                self.register("subject");
                return null;
            });
            watcher.monitor(subject.pid());

            ProcessInfo info = info(node, subject.pid());
            assertThat(info.links()).containsExactly(linked);
            assertThat(info.monitors()).containsExactly(watched);
            assertThat(info.monitoredBy()).containsExactly(watcher.pid());
            assertThat(info.names()).containsExactly("subject");
            assertThat(info.trapExits()).isTrue();
            assertThat(info(node, linked).links()).containsExactly(subject.pid());
            assertThat(info(node, watched).monitoredBy()).containsExactly(subject.pid());
            assertThat(info(node, watcher.pid()).monitors()).containsExactly(subject.pid());
            assertThat(info(node, watcher.pid()).trapExits()).isFalse();
        }
    }

    @Test
    void aProcessAnExitSignalHasReachedIsExitingAndNoLongerAlive() {
        try (Node node = Node.start("info-exiting")) {
            Probe watcher = Probe.spawn(node);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch leave = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                started.countDown();
                while (true) {
                    try {
                        leave.await(); // deaf to the interrupt that carries the signal, until told
                        return;
                    } catch (InterruptedException e) {
                        // keep waiting
                    }
                }
            });
            Probe.await(started);
            MonitorRef ref = watcher.monitor(pid);

            node.exit(pid, ExitReason.custom("stop"));

            // The signal takes effect as it is sent; the process has not left yet.
            assertThat(node.isAlive(pid)).isFalse();
            assertThat(info(node, pid).status()).isEqualTo(ProcessStatus.EXITING);
            leave.countDown();
            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.custom("stop"));
            assertThat(node.info(pid)).isEmpty();
        }
    }

    @Test
    void aDeadProcessHasNoInfo() {
        try (Node node = Node.start("info-dead")) {
            Probe watcher = Probe.spawn(node);
            Pid pid = node.spawn(self -> {});
            watcher.awaitExit(pid);
            assertThat(node.info(pid)).isEmpty();
        }
    }

    @Test
    void processesListsTheLivePidsInSpawnOrder() {
        try (Node node = Node.start("info-processes")) {
            Probe watcher = Probe.spawn(node);
            Pid first = node.spawn(self -> self.receive());
            Pid second = node.spawn(self -> self.receive());
            Pid third = node.spawn(self -> self.receive());
            assertThat(node.processes()).containsExactly(watcher.pid(), first, second, third);
            assertThat(node.processCount()).isEqualTo(4);

            node.exit(second, ExitReason.kill());
            watcher.awaitExit(second);
            Probe.await("the dead process leaves the list", () -> node.processCount() == 3);
            assertThat(node.processes()).containsExactly(watcher.pid(), first, third);
        }
    }

    @Test
    void theTimeOnAMessageIsNeverLessThanTheTimeSinceTheProcessTookIt() {
        try (Node node = Node.start("info-time")) {
            AtomicLong took = new AtomicLong();
            CountDownLatch handling = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                self.receive(Work.class);
                took.set(System.nanoTime()); // after the take: the process's stamp is no later than this
                handling.countDown();
                finish.await();
            });
            node.send(pid, new Work(1));
            Probe.await(handling);
            for (int look = 0; look < 20; look++) {
                long before = System.nanoTime();
                Duration onIt = info(node, pid).currentMessageTime();
                assertThat(onIt).isGreaterThanOrEqualTo(Duration.ofNanos(before - took.get()));
            }
            finish.countDown();
        }
    }

    @Test
    void onAManualClockTheTimeOnAMessageIsExact() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("info-time-manual", clock)) {
            CountDownLatch handling = new CountDownLatch(1);
            CountDownLatch finish = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                self.receive(Work.class);
                handling.countDown();
                finish.await();
            });
            node.send(pid, new Work(1));
            Probe.await(handling);
            assertThat(info(node, pid).currentMessageTime()).isZero();
            clock.advance(Duration.ofMillis(1_234));
            assertThat(info(node, pid).currentMessageTime()).isEqualTo(Duration.ofMillis(1_234));
            finish.countDown();
        }
    }
}
