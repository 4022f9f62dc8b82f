package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** {@code exit(pid, kill)}: the signal no process can trap. */
class KillTest {

    /** Well under {@link Probe#WAIT}: a blocked process must go at once, not at some later wake-up. */
    private static final Duration PROMPTLY = Duration.ofSeconds(2);

    @Test
    void killEndsEvenATrappingProcessWithReasonKilled() {
        try (Node node = Node.start("kill-trapping")) {
            Probe watcher = Probe.spawn(node);
            Probe victim = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            MonitorRef ref = watcher.monitor(victim.pid());

            node.exit(victim.pid(), ExitReason.kill());

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
            assertThat(node.isAlive(victim.pid())).isFalse();
        }
    }

    @Test
    void linkedProcessesSeeKilledNotKill() {
        try (Node node = Node.start("kill-links")) {
            Probe watcher = Probe.spawn(node);
            Probe trapping = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            Pid victim = node.spawn(self -> self.receive());
            Pid bystander = node.spawn(self -> self.receive());
            CountDownLatch linked = new CountDownLatch(1);
            node.spawn(self -> {
                self.link(victim);
                self.link(bystander);
                linked.countDown();
                self.receive();
            });
            trapping.call(self -> {
                self.link(victim);
                return null;
            });
            Probe.await(linked);
            MonitorRef onVictim = watcher.monitor(victim);
            MonitorRef onBystander = watcher.monitor(bystander);

            node.exit(victim, ExitReason.kill());

            // The trapping process hears "killed", which it may trap like any other reason.
            assertThat(trapping.next()).isEqualTo(new Exit(victim, ExitReason.killed()));
            assertThat(node.isAlive(trapping.pid())).isTrue();
            // "killed" travels on like any abnormal reason: the middle process dies and takes the bystander.
            assertThat(watcher.nextDowns(onVictim, onBystander))
                    .containsEntry(onVictim, ExitReason.killed())
                    .containsEntry(onBystander, ExitReason.killed());
        }
    }

    @Test
    void aProcessBlockedInReceiveIsKilledPromptly() {
        try (Node node = Node.start("kill-blocked")) {
            Probe watcher = Probe.spawn(node);
            Pid blocked = node.spawn(self -> self.receive(String.class));
            node.send(blocked, 42); // not a match: the process scans it and goes back to waiting
            Probe.await(
                    "the process waits in receive",
                    () -> node.info(blocked)
                            .map(i -> i.status() == ProcessStatus.WAITING && i.mailboxLength() == 1)
                            .orElse(false));
            MonitorRef ref = watcher.monitor(blocked);

            long start = System.nanoTime();
            node.exit(blocked, ExitReason.kill());
            ExitReason reason = watcher.nextDown(ref).reason();

            assertThat(reason).isEqualTo(ExitReason.killed());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    @Test
    void aProcessBlockedInAReceiveWithTimeoutOrALatchIsKilledPromptly() {
        try (Node node = Node.start("kill-blocked-other")) {
            Probe watcher = Probe.spawn(node);
            CountDownLatch never = new CountDownLatch(1);
            CountDownLatch started = new CountDownLatch(2);
            Pid inTimedReceive = node.spawn(self -> {
                started.countDown();
                self.receive(Duration.ofHours(1));
            });
            Pid inLatch = node.spawn(self -> {
                started.countDown();
                never.await();
            });
            Probe.await(started);
            MonitorRef onReceive = watcher.monitor(inTimedReceive);
            MonitorRef onLatch = watcher.monitor(inLatch);

            long start = System.nanoTime();
            node.exit(inTimedReceive, ExitReason.kill());
            node.exit(inLatch, ExitReason.kill());

            assertThat(watcher.nextDowns(onReceive, onLatch))
                    .containsEntry(onReceive, ExitReason.killed())
                    .containsEntry(onLatch, ExitReason.killed());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
        }
    }

    @Test
    void aProcessBlockedSendingToAFullMailboxIsKilledPromptly() {
        try (Node node = Node.start("kill-blocked-send")) {
            Probe watcher = Probe.spawn(node);
            Pid full = node.spawn(
                    SpawnOptions.defaults().withMailbox(MailboxConfig.blocking(1, Duration.ofHours(1))),
                    self -> new CountDownLatch(1).await());
            node.send(full, "fills it");
            CountDownLatch sending = new CountDownLatch(1);
            Pid sender = node.spawn(self -> {
                sending.countDown();
                self.send(full, "waits for room");
            });
            Probe.await(sending);
            MonitorRef ref = watcher.monitor(sender);

            long start = System.nanoTime();
            node.exit(sender, ExitReason.kill());

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(PROMPTLY);
            assertThat(node.info(full).orElseThrow().mailboxLength()).isEqualTo(1);
        }
    }

    @Test
    void catchExceptionAroundReceiveDoesNotSurviveKill() {
        try (Node node = Node.start("kill-catch")) {
            Probe watcher = Probe.spawn(node);
            CountDownLatch started = new CountDownLatch(1);
            Pid stubborn = node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
                started.countDown();
                while (true) {
                    try {
                        self.receive();
                    } catch (Exception e) {
                        // a careless handler that swallows everything it can
                    }
                }
            });
            Probe.await(started);
            MonitorRef ref = watcher.monitor(stubborn);

            node.exit(stubborn, ExitReason.kill());

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void killFromAnotherProcessComesFromThatProcessButStillReadsKilled() {
        try (Node node = Node.start("kill-from-process")) {
            Probe watcher = Probe.spawn(node);
            Probe victim = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            MonitorRef ref = watcher.monitor(victim.pid());

            watcher.call(self -> {
                self.exit(victim.pid(), ExitReason.kill());
                return null;
            });

            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
        }
    }

    /**
     * Between a kill and the end of its code a process is not alive, yet a monitor or a link taken then fires only
     * once its code has stopped, and with its real reason (ADR 4); the BEAM would answer {@code noproc} at once.
     */
    @Test
    void aMonitorOrLinkTakenWhileAKilledProcessStillRunsFiresOnceItsCodeHasStopped() {
        try (Node node = Node.start("kill-window")) {
            Probe watcher = Probe.spawn(node);
            Probe trapping = Probe.spawn(node, SpawnOptions.defaults().withTrapExits(true));
            CountDownLatch running = new CountDownLatch(1);
            AtomicBoolean release = new AtomicBoolean();
            Pid victim = node.spawn(self -> {
                running.countDown();
                long bound = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                // Code that neither receives nor blocks: the kill waits for its next receive. Thread.yield lets the
                // other processes run on a single carrier too.
                while (!release.get() && System.nanoTime() - bound < 0) {
                    Thread.yield();
                }
                self.receive();
            });
            Probe.await(running);

            node.exit(victim, ExitReason.kill());
            Probe.await("the victim is no longer alive", () -> !node.isAlive(victim));
            MonitorRef ref = watcher.monitor(victim);
            trapping.call(self -> {
                self.link(victim);
                return null;
            });

            assertThat(watcher.drain())
                    .as("no Down while the victim's code runs")
                    .isEmpty();
            assertThat(trapping.drain())
                    .as("no Exit while the victim's code runs")
                    .isEmpty();
            release.set(true);
            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.killed());
            assertThat(trapping.next()).isEqualTo(new Exit(victim, ExitReason.killed()));
        }
    }
}
