package io.otp4j.task;

import static io.otp4j.task.TaskTest.block;
import static io.otp4j.task.TaskTest.gone;
import static org.assertj.core.api.Assertions.assertThat;

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
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task.shutdown, shutdownBrutal and ignore. */
class TaskShutdownTest {

    private final LogCapture log = LogCapture.of("io.otp4j.process", "io.otp4j.task");

    @AfterEach
    void restore() {
        log.close();
    }

    /** What an owner saw, and the Down of its task as a third party saw it. */
    record Seen(Object result, List<Pid> ownerLinks, Down taskDown) {}

    /**
     * Starts an owner that runs {@code function} as a task, lets the test monitor the task, then does {@code
     * action} with it; {@return what it saw}
     */
    static Seen run(Node node, Callable<Integer> function, Function<Task<Integer>, Object> action) {
        CompletableFuture<Pid> task = new CompletableFuture<>();
        CountDownLatch watching = new CountDownLatch(1);
        CompletableFuture<List<Object>> owner = Within.spawn(node, self -> {
            Task<Integer> t = Task.async(self, function);
            task.complete(t.pid());
            Within.await(watching);
            Object result = action.apply(t);
            return List.of(result, links(self));
        });
        CompletableFuture<Down> down = Within.watch(node, Within.get(task));
        watching.countDown();
        List<Object> seen = Within.get(owner);
        @SuppressWarnings("unchecked")
        List<Pid> links = (List<Pid>) seen.get(1);
        return new Seen(seen.get(0), links, Within.get(down));
    }

    static List<Pid> links(ProcessContext self) {
        return self.node().info(self.self()).orElseThrow().links();
    }

    @Test
    void shutdownStopsARunningTaskWithoutHarmingItsOwner() {
        try (Node node = Node.start("shutdown-running")) {
            CountDownLatch never = new CountDownLatch(1);
            Seen seen = run(node, () -> block(never), t -> t.shutdown(Duration.ofSeconds(5)));
            assertThat(seen.result()).isEqualTo(Optional.empty());
            assertThat(seen.ownerLinks()).isEmpty();
            assertThat(seen.taskDown().reason()).isEqualTo(ExitReason.shutdown());
        }
    }

    @Test
    void shutdownReturnsTheValueOfATaskThatFinishedMeanwhile() {
        try (Node node = Node.start("shutdown-finished")) {
            CompletableFuture<Object> result = Within.spawn(node, self -> {
                Task<Integer> t = Task.async(self, () -> 42);
                Within.eventually("the task finished", () -> gone(self.node(), t.pid()));
                return t.shutdown();
            });
            assertThat(Within.get(result)).isEqualTo(Optional.of(new TaskResult.Ok<>(42)));
        }
    }

    @Test
    void shutdownReportsATaskThatCrashedBefore() {
        try (Node node = Node.start("shutdown-crashed")) {
            IllegalStateException boom = new IllegalStateException("boom");
            CompletableFuture<Object> result = Within.spawn(node, self -> {
                self.trapExits(true);
                Task<Integer> t = Task.async(self, () -> {
                    throw boom;
                });
                Within.eventually("the task crashed", () -> gone(self.node(), t.pid()));
                return t.shutdown();
            });
            assertThat(Within.get(result)).isEqualTo(Optional.of(new TaskResult.Exited<>(ExitReason.crash(boom))));
        }
    }

    @Test
    void aTaskThatOutlastsTheGraceIsKilled() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("shutdown-grace", clock)) {
            // The task traps exits, so shutdown reaches it as a message it never reads.
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Pid> task = new CompletableFuture<>();
            CompletableFuture<Object> owner = Within.spawn(node, self -> {
                Task<Integer> t = Task.async(self, me -> {
                    me.trapExits(true);
                    task.complete(me.self());
                    return block(never);
                });
                Within.get(task);
                return t.shutdown(Duration.ofSeconds(10));
            });
            Pid pid = Within.get(task);
            CompletableFuture<Down> down = Within.watch(node, pid);
            Within.eventually("the owner waits out the grace on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(9));
            assertThat(owner).isNotDone();
            assertThat(node.isAlive(pid)).as("it trapped the shutdown").isTrue();
            clock.advance(Duration.ofSeconds(1));
            assertThat(Within.get(owner)).isEqualTo(Optional.empty());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void shutdownBrutalKillsAtOnce() {
        try (Node node = Node.start("shutdown-brutal")) {
            CountDownLatch never = new CountDownLatch(1);
            Seen seen = run(node, () -> block(never), Task::shutdownBrutal);
            assertThat(seen.result()).isEqualTo(Optional.empty());
            assertThat(seen.ownerLinks()).isEmpty();
            assertThat(seen.taskDown().reason()).isEqualTo(ExitReason.killed());
        }
    }

    @Test
    void anIgnoredTaskRunsOnUnlinkedAndItsValueIsDropped() {
        try (Node node = Node.start("ignore")) {
            CountDownLatch release = new CountDownLatch(1);
            CompletableFuture<Pid> task = new CompletableFuture<>();
            CountDownLatch ignored = new CountDownLatch(1);
            CompletableFuture<List<Object>> owner = Within.spawn(node, self -> {
                Task<Integer> t = Task.async(self, () -> block(release));
                task.complete(t.pid());
                Optional<TaskResult<Integer>> result = t.ignore();
                List<Pid> links = links(self);
                ignored.countDown();
                Within.eventually("the ignored task finished", () -> gone(self.node(), t.pid()));
                return List.of(result, links, self.receive(Duration.ZERO));
            });
            Pid pid = Within.get(task);
            Within.await(ignored);
            assertThat(node.isAlive(pid)).as("the ignored task runs on").isTrue();
            release.countDown();
            List<Object> seen = Within.get(owner);
            assertThat(seen.get(0)).isEqualTo(Optional.empty());
            assertThat(seen.get(1)).isEqualTo(List.of());
            assertThat(seen.get(2))
                    .as("no reply, no Down in the owner's mailbox")
                    .isEqualTo(Optional.empty());
        }
    }

    @Test
    void ignoreReturnsTheValueOfATaskThatAlreadyFinished() {
        try (Node node = Node.start("ignore-finished")) {
            CompletableFuture<Object> result = Within.spawn(node, self -> {
                Task<Integer> t = Task.async(self, () -> 8);
                Within.eventually("the task finished", () -> gone(self.node(), t.pid()));
                return List.of(t.ignore(), self.receive(Duration.ZERO));
            });
            assertThat(Within.get(result)).isEqualTo(List.of(Optional.of(new TaskResult.Ok<>(8)), Optional.empty()));
        }
    }
}
