package io.otp4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.testing.LogCapture;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task.async and its owner: await, yield, yieldMany, crashes over the link, await's timeout. */
class TaskTest {

    /** Crashing tasks write crash reports; the capture keeps them out of the build output. */
    private final LogCapture log = LogCapture.of("io.otp4j.process", "io.otp4j.task");

    @AfterEach
    void restore() {
        log.close();
    }

    /** {@return whether the process is fully gone: its replies were sent, its links and monitors fired} */
    static boolean gone(Node node, Pid pid) {
        return !node.processes().contains(pid);
    }

    /** Smuggles a null past the null checker, as a caller without one would. */
    @SuppressWarnings("NullAway")
    private static <T> T none() {
        return null;
    }

    /** Blocks until the latch opens; the task that runs it is stopped only by a signal. */
    static int block(CountDownLatch latch) throws InterruptedException {
        latch.await();
        return -1;
    }

    @Test
    void awaitReturnsTheTasksValue() {
        try (Node node = Node.start("task-await")) {
            int before = node.processCount();
            List<Object> seen = Within.inProcess(node, self -> {
                Task<Integer> a = Task.async(self, () -> 20);
                Task<String> b = Task.async(self, () -> "twenty-two");
                return List.of(a.owner(), a.await(), b.await(Duration.ofSeconds(5)));
            });
            assertThat(seen).isEqualTo(List.of(seen.get(0), 20, "twenty-two"));
            Within.eventually("every task and the owner gone", () -> node.processCount() == before);
        }
    }

    @Test
    void theTaskIsLinkedToAndMonitoredByItsOwner() {
        try (Node node = Node.start("task-relations")) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Task<Integer>> started = new CompletableFuture<>();
            CompletableFuture<Integer> value = Within.spawn(node, self -> {
                Task<Integer> task = Task.async(self, () -> block(release) + 43);
                started.complete(task);
                return task.await(Duration.ofSeconds(30));
            });
            Task<Integer> task = Within.get(started);
            var info = node.info(task.pid()).orElseThrow();
            assertThat(info.links()).containsExactly(task.owner());
            assertThat(info.monitoredBy()).containsExactly(task.owner());
            release.countDown();
            assertThat(Within.get(value)).isEqualTo(42);
        }
    }

    @Test
    void onlyTheOwnerMayAwaitAndOnlyOnce() {
        try (Node node = Node.start("task-owner")) {
            CompletableFuture<Task<Integer>> task = new CompletableFuture<>();
            CountDownLatch checked = new CountDownLatch(1);
            CompletableFuture<Object> owner = Within.spawn(node, self -> {
                Task<Integer> t = Task.async(self, () -> 7);
                task.complete(t);
                Within.await(checked);
                int value = t.await();
                assertThatThrownBy(t::await)
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already awaited");
                assertThatThrownBy(() -> t.yield(Duration.ZERO))
                        .isInstanceOf(IllegalStateException.class)
                        .hasMessageContaining("already awaited");
                return value;
            });
            Task<Integer> t = Within.get(task);
            // From the test's thread, and from another process: neither is the owner.
            assertThatThrownBy(t::await)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(t.owner().toString())
                    .hasMessageContaining("only its owner may await");
            Throwable fromOther = Within.inProcess(node, self -> {
                try {
                    t.shutdown();
                    return null;
                } catch (IllegalStateException e) {
                    return e;
                }
            });
            assertThat(fromOther).hasMessageContaining("only its owner may shutdown");
            checked.countDown();
            assertThat(Within.get(owner)).isEqualTo(7);
        }
    }

    @Test
    void aLinkedTasksCrashEndsItsOwner() {
        try (Node node = Node.start("task-crash")) {
            IllegalStateException boom = new IllegalStateException("boom");
            CountDownLatch ownerMonitored = new CountDownLatch(1);
            CompletableFuture<Pid> ownerPid = new CompletableFuture<>();
            CompletableFuture<Object> owner = Within.spawn(node, self -> {
                ownerPid.complete(self.self());
                Within.await(ownerMonitored);
                Task<Integer> task = Task.async(self, () -> {
                    throw boom;
                });
                return task.await(Duration.ofSeconds(30)); // never returns: the link ends this process first
            });
            CompletableFuture<Down> down = Within.watch(node, Within.get(ownerPid));
            ownerMonitored.countDown();
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.crash(boom));
            assertThat(owner).isCompletedExceptionally();
        }
    }

    @Test
    void anOwnerThatTrapsExitsGetsTheExitAndAwaitThrows() {
        try (Node node = Node.start("task-trap")) {
            IllegalStateException boom = new IllegalStateException("boom");
            List<Object> seen = Within.inProcess(node, self -> {
                self.trapExits(true);
                Task<Integer> task = Task.async(self, () -> {
                    throw boom;
                });
                TaskExitedException thrown = null;
                try {
                    task.await();
                } catch (TaskExitedException e) {
                    thrown = e;
                }
                Exit exit = self.receive(Exit.class, Duration.ofSeconds(5)).orElseThrow();
                return List.of(task.pid(), thrown, exit);
            });
            Pid task = (Pid) seen.get(0);
            TaskExitedException thrown = (TaskExitedException) seen.get(1);
            assertThat(thrown.reason()).isEqualTo(ExitReason.crash(boom));
            assertThat(thrown.task()).contains(task);
            assertThat(thrown).hasCause(boom).hasMessageContaining(task.toString());
            assertThat(seen.get(2)).isEqualTo(new Exit(task, ExitReason.crash(boom)));
        }
    }

    @Test
    void aTimedOutAwaitKillsTheTaskAndThrows() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("task-await-timeout", clock)) {
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Task<Integer>> started = new CompletableFuture<>();
            CompletableFuture<Object> owner = Within.spawn(node, self -> {
                Task<Integer> task = Task.async(self, () -> block(never));
                started.complete(task);
                try {
                    return task.await(Duration.ofSeconds(2));
                } catch (TaskTimeoutException e) {
                    // The owner lives on, unlinked from the dead task, with nothing of it in its mailbox.
                    assertThat(self.receive(Duration.ZERO)).isEmpty();
                    return e;
                }
            });
            Task<Integer> task = Within.get(started);
            CompletableFuture<Down> down = Within.watch(node, task.pid());
            Within.eventually("the owner waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(1));
            assertThat(owner).isNotDone();
            clock.advance(Duration.ofSeconds(1));
            TaskTimeoutException timeout = (TaskTimeoutException) Within.get(owner);
            assertThat(timeout.task()).isEqualTo(task.pid());
            assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(timeout).hasMessageContaining(task.pid().toString()).hasMessageContaining("PT2S");
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void yieldLeavesARunningTaskRunning() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("task-yield", clock)) {
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch firstYieldDone = new CountDownLatch(1);
            CompletableFuture<List<Object>> owner = Within.spawn(node, self -> {
                Task<Integer> task = Task.async(self, () -> block(release) + 2);
                Optional<TaskResult<Integer>> first = task.yield(Duration.ofSeconds(1));
                boolean aliveAfter = self.node().isAlive(task.pid());
                firstYieldDone.countDown();
                Optional<TaskResult<Integer>> second = task.yield(Duration.ofSeconds(30));
                return List.of(first, aliveAfter, second);
            });
            Within.eventually("the owner waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(1));
            Within.await(firstYieldDone);
            release.countDown();
            List<Object> seen = Within.get(owner);
            assertThat(seen.get(0)).isEqualTo(Optional.empty());
            assertThat(seen.get(1)).isEqualTo(true);
            assertThat(seen.get(2)).isEqualTo(Optional.of(new TaskResult.Ok<>(1)));
        }
    }

    @Test
    void yieldManyReportsEachTaskDoneCrashedOrRunning() {
        try (Node node = Node.start("task-yield-many")) {
            RuntimeException boom = new RuntimeException("boom");
            CountDownLatch release = new CountDownLatch(1);
            List<Optional<TaskResult<Integer>>> results = Within.inProcess(node, self -> {
                self.trapExits(true); // the crash must not end the owner
                Task<Integer> done = Task.async(self, () -> 1);
                Task<Integer> crashed = Task.async(self, () -> {
                    throw boom;
                });
                Task<Integer> running = Task.async(self, () -> block(release));
                Within.eventually(
                        "the first two tasks gone",
                        () -> gone(self.node(), done.pid()) && gone(self.node(), crashed.pid()));
                List<Optional<TaskResult<Integer>>> first =
                        Task.yieldMany(List.of(done, crashed, running), Duration.ZERO);
                // The running task goes on, and can be awaited afterwards.
                assertThat(self.node().isAlive(running.pid())).isTrue();
                release.countDown();
                assertThat(running.await()).isEqualTo(-1);
                return first;
            });
            assertThat(results)
                    .containsExactly(
                            Optional.of(new TaskResult.Ok<>(1)),
                            Optional.of(new TaskResult.Exited<>(ExitReason.crash(boom))),
                            Optional.empty());
        }
    }

    @Test
    void yieldManyWaitsUpToItsTimeoutOnTheNodesClock() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("task-yield-many-clock", clock)) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<List<Object>> owner = Within.spawn(node, self -> {
                Task<Integer> slow = Task.async(self, () -> block(release) + 10);
                Task<Integer> quick = Task.async(self, () -> 5);
                List<Optional<TaskResult<Integer>>> results =
                        Task.yieldMany(List.of(slow, quick), Duration.ofSeconds(3));
                release.countDown();
                return List.of(results, slow.await());
            });
            Within.eventually("the owner waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(2));
            assertThat(owner).isNotDone();
            clock.advance(Duration.ofSeconds(1));
            List<Object> seen = Within.get(owner);
            assertThat(seen.get(0)).isEqualTo(List.of(Optional.empty(), Optional.of(new TaskResult.Ok<>(5))));
            assertThat(seen.get(1)).isEqualTo(9);
        }
    }

    @Test
    void fireAndForgetTasks() {
        try (Node node = Node.start("task-start")) {
            CompletableFuture<String> ran = new CompletableFuture<>();
            Pid plain = Task.start(node, () -> ran.complete("from a plain thread"));
            assertThat(Within.get(ran)).isEqualTo("from a plain thread");
            Within.eventually("the task is gone", () -> gone(node, plain));

            IllegalStateException boom = new IllegalStateException("boom");
            Exit exit = Within.inProcess(node, self -> {
                self.trapExits(true);
                Pid linked = Task.startLink(self, () -> {
                    throw boom;
                });
                Exit e = self.receive(Exit.class, Duration.ofSeconds(5)).orElseThrow();
                assertThat(e.from()).isEqualTo(linked);
                return e;
            });
            assertThat(exit.reason()).isEqualTo(ExitReason.crash(boom));
        }
    }

    @Test
    void aTaskWhoseFunctionReturnsNullCrashesWithAClearReason() {
        try (Node node = Node.start("task-null")) {
            TaskExitedException thrown = Within.inProcess(node, self -> {
                self.trapExits(true);
                Task<Object> task = Task.async(self, () -> null);
                try {
                    task.await();
                    return null;
                } catch (TaskExitedException e) {
                    return e;
                }
            });
            assertThat(thrown.getCause())
                    .isInstanceOf(NullPointerException.class)
                    .hasMessageContaining("returned null");
        }
    }

    @Test
    void badInputIsRefusedWithClearErrors() {
        try (Node node = Node.start("task-bad-input")) {
            List<Throwable> errors = Within.inProcess(node, self -> {
                Task<Integer> task = Task.async(self, () -> 1);
                List<Throwable> caught = new java.util.ArrayList<>();
                for (Runnable bad : List.<Runnable>of(
                        () -> task.await(Duration.ofSeconds(-1)),
                        () -> task.yield(Duration.ofMillis(-5)),
                        () -> Task.yieldMany(List.of(task, task), Duration.ZERO),
                        () -> Task.async(self, TaskTest.<Callable<Integer>>none()))) {
                    try {
                        bad.run();
                    } catch (RuntimeException e) {
                        caught.add(e);
                    }
                }
                assertThat(task.await()).isEqualTo(1); // none of it touched the task
                return caught;
            });
            assertThat(errors).hasSize(4);
            assertThat(errors.get(0))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("PT-1S");
            assertThat(errors.get(1))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("yield's timeout");
            assertThat(errors.get(2))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("twice");
            assertThat(errors.get(3)).isInstanceOf(NullPointerException.class).hasMessageContaining("function");
        }
    }

    @Test
    void asyncFromAnotherThreadThanTheOwnersIsRefused() {
        try (Node node = Node.start("task-foreign")) {
            CompletableFuture<ProcessContext> context = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults(), self -> {
                context.complete(self);
                self.receive();
            });
            ProcessContext foreign = Within.get(context);
            int before = node.processCount();
            assertThatThrownBy(() -> Task.async(foreign, () -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(pid.toString());
            assertThat(node.processCount()).isEqualTo(before);
        }
    }
}
