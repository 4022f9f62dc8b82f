package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.LogCapture;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Crashes: an uncaught throwable ends the process with {@link ExitReason.Crash} and one crash report, at
 * ERROR, on the System.Logger {@code io.otp4j.process} (java.util.logging by default). Other exits are
 * quiet.
 */
class CrashReportTest {

    record Job(int id) {}

    private final LogCapture log = LogCapture.of("io.otp4j.process");
    private final List<LogRecord> records = log.records();

    @AfterEach
    void release() {
        log.close();
    }

    /** {@return the records that name {@code pid}} (node names are unique in this class) */
    private List<LogRecord> about(Pid pid) {
        return log.about("io.otp4j.process", pid.toString());
    }

    @Test
    void anUncaughtExceptionEndsTheProcessWithItAndWritesOneReport() {
        try (Node node = Node.start("crash-one")) {
            Probe watcher = Probe.spawn(node);
            IllegalStateException failure = new IllegalStateException("cannot handle job 7");
            Pid pid = node.spawn(self -> {
                self.receive(Job.class);
                throw failure;
            });
            MonitorRef ref = watcher.monitor(pid);

            node.send(pid, new Job(7));

            assertThat(watcher.nextDown(ref).reason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class, c -> assertThat(c.cause()).isSameAs(failure));
            // The report is written before the exit is announced, so it is there now, and only once.
            assertThat(about(pid)).singleElement().satisfies(r -> {
                assertThat(r.getLevel()).isEqualTo(Level.SEVERE);
                assertThat(r.getLoggerName()).isEqualTo("io.otp4j.process");
                assertThat(r.getThrown()).isSameAs(failure);
                assertThat(r.getMessage())
                        .contains("crashed")
                        .contains("cannot handle job 7")
                        .contains(Job.class.getName())
                        .contains("messages handled: 1");
            });
            assertThat(records).hasSize(1);
        }
    }

    @Test
    void theReportNamesARegisteredProcess() {
        try (Node node = Node.start("crash-named")) {
            Probe watcher = Probe.spawn(node);
            Pid pid = node.spawn(SpawnOptions.defaults().withName("accountant"), self -> {
                self.receive();
                throw new ArithmeticException("overflow");
            });
            MonitorRef ref = watcher.monitor(pid);
            node.send(pid, "go");
            watcher.nextDown(ref);
            assertThat(about(pid))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage()).contains("accountant"));
        }
    }

    @Test
    void anErrorIsACrashToo() {
        try (Node node = Node.start("crash-error")) {
            Probe watcher = Probe.spawn(node);
            AssertionError failure = new AssertionError("invariant broken");
            SpawnedMonitor spawned = watcher.call(self -> self.spawnMonitor(p -> {
                throw failure;
            }));
            assertThat(watcher.nextDown(spawned.ref()).reason()).isEqualTo(ExitReason.crash(failure));
            assertThat(about(spawned.pid()))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getThrown()).isSameAs(failure));
        }
    }

    @Test
    void normalAndChosenExitsWriteNoReport() {
        try (Node node = Node.start("crash-none")) {
            Probe watcher = Probe.spawn(node);
            List<ProcessBody> endings = List.of(
                    self -> {},
                    self -> self.exit(ExitReason.normal()),
                    self -> self.exit(ExitReason.custom("done")),
                    self -> self.exit(ExitReason.shutdown()),
                    self -> self.exit(self.self(), ExitReason.normal()));
            for (ProcessBody ending : endings) {
                SpawnedMonitor spawned = watcher.call(self -> self.spawnMonitor(ending));
                assertThat(watcher.nextDown(spawned.ref()).reason()).isNotInstanceOf(ExitReason.Crash.class);
                assertThat(about(spawned.pid())).isEmpty();
            }
            assertThat(records).isEmpty();
        }
    }

    @Test
    void processesEndedBySignalsWriteNoReport() {
        try (Node node = Node.start("crash-signalled")) {
            Probe watcher = Probe.spawn(node);
            Pid killed = node.spawn(self -> self.receive());
            Pid stopped = node.spawn(self -> self.receive());
            Pid linked = node.spawn(self -> {
                self.link(stopped);
                self.receive();
            });
            Probe.await(
                    "the link is made",
                    () -> node.info(stopped)
                            .map(i -> i.links().contains(linked))
                            .orElse(false));
            MonitorRef onKilled = watcher.monitor(killed);
            MonitorRef onStopped = watcher.monitor(stopped);
            MonitorRef onLinked = watcher.monitor(linked);

            node.exit(killed, ExitReason.kill());
            node.exit(stopped, ExitReason.custom("stop"));

            assertThat(watcher.nextDowns(onKilled, onStopped, onLinked))
                    .containsEntry(onKilled, ExitReason.killed())
                    .containsEntry(onStopped, ExitReason.custom("stop"))
                    .containsEntry(onLinked, ExitReason.custom("stop"));
            assertThat(records).isEmpty();
        }
    }

    @Test
    void aThrowableCausedByAnExitSignalIsNotACrash() {
        try (Node node = Node.start("crash-after-signal")) {
            Probe watcher = Probe.spawn(node);
            CountDownLatch started = new CountDownLatch(1);
            Pid pid = node.spawn(self -> {
                started.countDown();
                try {
                    new CountDownLatch(1).await();
                } catch (InterruptedException e) {
                    throw new IllegalStateException("interrupted while waiting", e);
                }
            });
            Probe.await(started);
            MonitorRef ref = watcher.monitor(pid);

            node.exit(pid, ExitReason.custom("stop"));

            // The signal came first: the exception it caused on the way out is not what ended the process.
            assertThat(watcher.nextDown(ref).reason()).isEqualTo(ExitReason.custom("stop"));
            assertThat(records).isEmpty();
        }
    }
}
