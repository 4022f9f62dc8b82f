package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.TestClock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** {@link Node#await}: plain code waits for a process to end. */
class AwaitTest {

    @Test
    void itReturnsTheReasonTheProcessExitedWith() throws Exception {
        try (Node node = Node.start("await")) {
            Pid pid = node.spawn(self -> {
                self.receive("go"::equals);
                self.exit(ExitReason.custom("done"));
            });
            CompletableFuture<java.util.Optional<ExitReason>> waited =
                    CompletableFuture.supplyAsync(() -> node.await(pid, Probe.WAIT));
            io.otp4j.testing.Within.eventually("the waiter is registered", () -> waiters(pid) == 1);
            node.send(pid, "go");
            assertThat(waited.get(5, TimeUnit.SECONDS)).contains(ExitReason.custom("done"));
        }
    }

    @Test
    void aProcessThatHasAlreadyExitedAnswersItsReasonAtOnce() {
        try (Node node = Node.start("await")) {
            Pid pid = node.spawn(self -> self.exit(ExitReason.custom("done")));
            // Gone from the node's processes: its exit has run to the end. isAlive turns false at the exit's first
            // step, before the exit is complete.
            io.otp4j.testing.Within.eventually(
                    "the process has exited", () -> !node.processes().contains(pid));
            assertThat(node.await(pid, Duration.ZERO)).contains(ExitReason.custom("done"));
            assertThat(node.await(node.pid(), Duration.ZERO))
                    .as("the node's pseudo-pid names no process")
                    .contains(ExitReason.noproc());
        }
    }

    @Test
    void aLiveProcessAfterTheTimeoutIsEmptyAndLeavesNoWaiterBehind() throws Exception {
        TestClock clock = new TestClock();
        try (Node node = Node.start("await", clock)) {
            Pid pid = node.spawn(self -> self.receive("stop"::equals));
            CompletableFuture<java.util.Optional<ExitReason>> waited =
                    CompletableFuture.supplyAsync(() -> node.await(pid, Duration.ofSeconds(10)));
            io.otp4j.testing.Within.eventually("the waiter's wake-up is on the clock", () -> clock.pending() == 1);
            clock.advance(Duration.ofSeconds(10));
            assertThat(waited.get(5, TimeUnit.SECONDS)).isEmpty();
            assertThat(waiters(pid)).as("the timed-out waiter is forgotten").isZero();
            node.send(pid, "stop");
            io.otp4j.testing.Within.eventually("the process has exited", () -> !node.isAlive(pid));
        }
    }

    private static int waiters(Pid pid) {
        ProcessImpl process = java.util.Objects.requireNonNull(pid.process);
        synchronized (process) {
            Relations r = process.relations;
            return r == null || r.waiters == null ? 0 : r.waiters.size();
        }
    }

    @Test
    void aNegativeTimeoutIsRefusedByName() {
        try (Node node = Node.start("await")) {
            assertThatThrownBy(() -> node.await(node.pid(), Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("timeout");
        }
    }
}
