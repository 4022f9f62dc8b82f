package io.otp4j.task;

import static io.otp4j.task.TaskTest.block;
import static io.otp4j.task.TaskTest.gone;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.LogCapture;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** TaskSupervisor: unlinked tasks, fire-and-forget children, listing, terminating, shutting down. */
class TaskSupervisorTest {

    private final LogCapture log = LogCapture.of("io.otp4j.process", "io.otp4j.task", "io.otp4j.genserver");

    @AfterEach
    void restore() {
        log.close();
    }

    @Test
    void asyncNolinkReturnsTheValueAndTheTaskIsTheSupervisorsChild() {
        try (Node node = Node.start("tasksup-value")) {
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Task<Integer>> started = new CompletableFuture<>();
            CompletableFuture<Integer> value = Within.spawn(node, self -> {
                Task<Integer> task = tasks.asyncNolink(self, () -> block(release) + 11);
                started.complete(task);
                return task.await(Duration.ofSeconds(30));
            });
            Task<Integer> task = Within.get(started);
            var info = node.info(task.pid()).orElseThrow();
            assertThat(info.links()).containsExactly(tasks.pid());
            assertThat(info.monitoredBy()).containsExactly(task.owner());
            assertThat(tasks.children()).containsExactly(task.pid());
            release.countDown();
            assertThat(Within.get(value)).isEqualTo(10);
            Within.eventually(
                    "the finished task left the children",
                    () -> tasks.children().isEmpty());
        }
    }

    @Test
    void anUnlinkedTasksCrashDoesNotReachItsCallerAndAwaitThrows() {
        try (Node node = Node.start("tasksup-crash")) {
            TaskSupervisor tasks = TaskSupervisor.start(node);
            IllegalStateException boom = new IllegalStateException("boom");
            List<Object> seen = Within.inProcess(node, self -> {
                Task<Integer> awaited = tasks.asyncNolink(self, () -> {
                    throw boom;
                });
                Task<Integer> yielded = tasks.asyncNolink(self, () -> {
                    throw boom;
                });
                TaskExitedException thrown = null;
                try {
                    awaited.await();
                } catch (TaskExitedException e) {
                    thrown = e;
                }
                return List.of(
                        thrown,
                        yielded.yield(Duration.ofSeconds(5)),
                        self.node().isAlive(self.self()));
            });
            TaskExitedException thrown = (TaskExitedException) seen.get(0);
            assertThat(thrown.reason()).isEqualTo(ExitReason.crash(boom));
            assertThat(thrown).hasCause(boom);
            assertThat(seen.get(1)).isEqualTo(Optional.of(new TaskResult.Exited<>(ExitReason.crash(boom))));
            assertThat(seen.get(2)).as("the caller lived on").isEqualTo(true);
            assertThat(node.isAlive(tasks.pid())).isTrue();
        }
    }

    @Test
    void aTaskWhoseCallerDiesBeforeTheGoAheadLeavesWithoutRunning() {
        try (Node node = Node.start("tasksup-orphan")) {
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CompletableFuture<Boolean> ran = new CompletableFuture<>();
            // The supervisor starts a child for a caller that is already gone: the child sees the caller's
            // Down instead of the go-ahead and leaves.
            Pid dead = node.spawn(self -> {});
            Within.eventually("the caller is gone", () -> gone(node, dead));
            TaskCore core = new TaskCore(dead, null, 0);
            Pid child = tasks.startChildFor(core, self -> ran.complete(true));
            Within.eventually("the orphan left", () -> gone(node, child));
            assertThat(ran).isNotDone();
        }
    }

    @Test
    void startChildRunsFireAndForgetWorkFromAnyThread() {
        try (Node node = Node.start("tasksup-start-child")) {
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CompletableFuture<String> ran = new CompletableFuture<>();
            Pid child = tasks.startChild(() -> ran.complete("done"));
            assertThat(Within.get(ran)).isEqualTo("done");
            Within.eventually("the child is gone", () -> gone(node, child));
            // A crashing child reaches no one: the supervisor lives on.
            Pid crashing = tasks.startChild(() -> {
                throw new IllegalStateException("boom");
            });
            Within.eventually("the crashed child is gone", () -> gone(node, crashing));
            assertThat(node.isAlive(tasks.pid())).isTrue();
            Within.eventually("no children left", () -> tasks.children().isEmpty());
        }
    }

    @Test
    void childrenAreListedInStartOrderAndTerminateChildStopsOne() {
        try (Node node = Node.start("tasksup-terminate")) {
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CountDownLatch never = new CountDownLatch(1);
            Pid a = tasks.startChild(() -> block(never));
            Pid b = tasks.startChild(() -> block(never));
            assertThat(tasks.children()).containsExactly(a, b);
            CompletableFuture<Down> down = Within.watch(node, a);
            assertThat(tasks.terminateChild(a)).isTrue();
            assertThat(node.isAlive(a)).isFalse();
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(tasks.children()).containsExactly(b);
            assertThat(tasks.terminateChild(a)).as("no longer a child").isFalse();
            assertThat(tasks.terminateChild(node.pid())).as("never a child").isFalse();
        }
    }

    @Test
    void stoppingTheSupervisorStopsItsTasksAndLeavesNoProcessBehind() {
        try (Node node = Node.start("tasksup-stop")) {
            int before = node.processCount();
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CountDownLatch never = new CountDownLatch(1);
            List<Pid> children = List.of(
                    tasks.startChild(() -> block(never)),
                    tasks.startChild(() -> block(never)),
                    tasks.startChild(() -> block(never)));
            List<CompletableFuture<Down>> downs =
                    children.stream().map(pid -> Within.watch(node, pid)).toList();
            tasks.stop();
            assertThat(node.isAlive(tasks.pid())).isFalse();
            for (CompletableFuture<Down> down : downs) {
                assertThat(Within.get(down).reason()).isEqualTo(ExitReason.shutdown());
            }
            Within.eventually("every process gone", () -> node.processCount() == before);
            assertThatThrownBy(() -> tasks.startChild(() -> {})).isInstanceOf(ServerExitedException.class);
        }
    }

    @Test
    void aTaskThatTrapsTheShutdownIsKilledAfterTheChildShutdownGrace() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("tasksup-grace", clock)) {
            TaskSupervisor tasks =
                    TaskSupervisor.start(node, io.otp4j.genserver.StartOptions.defaults(), Duration.ofSeconds(3));
            CountDownLatch trapping = new CountDownLatch(1);
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Pid> child = new CompletableFuture<>();
            CompletableFuture<Object> caller = Within.spawn(node, self -> {
                Task<Integer> task = tasks.asyncNolink(self, me -> {
                    me.trapExits(true);
                    trapping.countDown();
                    return block(never);
                });
                child.complete(task.pid());
                return task.await(Duration.ofDays(1));
            });
            Within.await(trapping);
            Pid pid = Within.get(child);
            CompletableFuture<Void> stopped = CompletableFuture.runAsync(tasks::stop);
            Within.eventually("the supervisor waits out the grace", () -> clock.pending() > 1);
            assertThat(node.isAlive(pid)).as("it trapped the shutdown").isTrue();
            clock.advance(Duration.ofSeconds(3));
            Within.get(stopped);
            assertThatThrownBy(() -> Within.get(caller))
                    .isInstanceOf(TaskExitedException.class)
                    .hasMessageContaining("killed");
        }
    }

    @Test
    void aLinkedSupervisorStopsWithItsParent() {
        try (Node node = Node.start("tasksup-parent")) {
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<TaskSupervisor> started = new CompletableFuture<>();
            CountDownLatch exit = new CountDownLatch(1);
            Pid parent = node.spawn(self -> {
                TaskSupervisor tasks = TaskSupervisor.startLink(self);
                tasks.startChild(() -> block(never));
                started.complete(tasks);
                Within.await(exit);
                self.exit(ExitReason.shutdown());
            });
            TaskSupervisor tasks = Within.get(started);
            Pid child = tasks.children().get(0);
            CompletableFuture<Down> supervisorDown = Within.watch(node, tasks.pid());
            CompletableFuture<Down> childDown = Within.watch(node, child);
            exit.countDown();
            assertThat(Within.get(supervisorDown).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(Within.get(childDown).reason()).isEqualTo(ExitReason.shutdown());
            assertThat(node.isAlive(parent)).isFalse();
        }
    }

    @Test
    void asyncStreamNolinkReportsCrashesInTheStream() {
        try (Node node = Node.start("tasksup-stream")) {
            int before = node.processCount();
            TaskSupervisor tasks = TaskSupervisor.start(node);
            IllegalStateException boom = new IllegalStateException("boom");
            List<TaskResult<Integer>> results = Within.inProcess(node, self -> {
                try (Stream<TaskResult<Integer>> stream = tasks.asyncStreamNolink(
                        self,
                        Stream.of(1, 2, 3, 4),
                        n -> {
                            if (n == 3) {
                                throw boom;
                            }
                            return n * n;
                        },
                        StreamOptions.defaults().withMaxConcurrency(2))) {
                    return stream.toList();
                }
            });
            assertThat(results)
                    .containsExactly(
                            new TaskResult.Ok<>(1),
                            new TaskResult.Ok<>(4),
                            new TaskResult.Exited<>(ExitReason.crash(boom)),
                            new TaskResult.Ok<>(16));
            tasks.stop();
            Within.eventually("every process gone", () -> node.processCount() == before);
        }
    }

    @Test
    void badInputIsRefusedWithClearErrors() {
        try (Node node = Node.start("tasksup-bad")) {
            assertThatThrownBy(() -> TaskSupervisor.start(
                            node, io.otp4j.genserver.StartOptions.defaults(), Duration.ofSeconds(-1)))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("childShutdown")
                    .hasMessageContaining("PT-1S");
            TaskSupervisor tasks = TaskSupervisor.start(node);
            CompletableFuture<ProcessContext> context = new CompletableFuture<>();
            node.spawn(self -> {
                context.complete(self);
                self.receive();
            });
            ProcessContext foreign = Within.get(context);
            assertThatThrownBy(() -> tasks.asyncNolink(foreign, () -> 1))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining(foreign.self().toString());
            // The child started for the refused caller was killed: nothing is left running under the supervisor.
            Within.eventually("no children left", () -> tasks.children().isEmpty());
        }
    }
}
