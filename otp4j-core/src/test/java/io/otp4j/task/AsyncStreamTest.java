package io.otp4j.task;

import static io.otp4j.task.TaskTest.block;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.LogCapture;
import io.otp4j.testing.TestClock;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Task.asyncStream: order, bounded concurrency, laziness, timeouts, crashes, early close. */
class AsyncStreamTest {

    private final LogCapture log = LogCapture.of("io.otp4j.process", "io.otp4j.task");

    @AfterEach
    void restore() {
        log.close();
    }

    private static List<Integer> values(Stream<TaskResult<Integer>> results) {
        try (results) {
            return results.map(TaskResult::orElseThrow).toList();
        }
    }

    /**
     * Items that finish in reverse order: item {@code i} waits until item {@code i + 1} has finished, so with
     * room for all of them at once, completion order is the reverse of input order.
     */
    private static final class Reversed {
        final List<CountDownLatch> finished = new ArrayList<>();
        final List<Integer> completion = new java.util.concurrent.CopyOnWriteArrayList<>();

        Reversed(int n) {
            for (int i = 0; i < n; i++) {
                finished.add(new CountDownLatch(1));
            }
        }

        int run(int i) throws InterruptedException {
            if (i + 1 < finished.size()) {
                finished.get(i + 1).await();
            }
            completion.add(i);
            finished.get(i).countDown();
            return i * 10;
        }
    }

    @Test
    void orderedResultsComeInInputOrderWhateverOrderTheTasksFinishIn() {
        try (Node node = Node.start("stream-ordered")) {
            Reversed items = new Reversed(6);
            StreamOptions options = StreamOptions.defaults().withMaxConcurrency(6);
            List<Integer> values = Within.inProcess(
                    node, self -> values(Task.asyncStream(self, List.of(0, 1, 2, 3, 4, 5), items::run, options)));
            assertThat(values).containsExactly(0, 10, 20, 30, 40, 50);
            assertThat(items.completion).containsExactly(5, 4, 3, 2, 1, 0);
        }
    }

    /**
     * A task has finished once its result is sent, which is after its function returns. So here item {@code i}
     * returns only once the consumer has received item {@code i + 1}'s result: each result is sent after the
     * previous one arrived, and the order of arrival is fixed.
     */
    @Test
    void unorderedResultsComeAsTheTasksFinish() {
        try (Node node = Node.start("stream-unordered")) {
            int n = 6;
            List<CountDownLatch> received = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                received.add(new CountDownLatch(1));
            }
            StreamOptions options =
                    StreamOptions.defaults().withMaxConcurrency(n).withOrdered(false);
            List<Integer> values = Within.inProcess(node, self -> {
                try (Stream<TaskResult<Integer>> results = Task.asyncStream(
                        self,
                        List.of(0, 1, 2, 3, 4, 5),
                        i -> {
                            if (i + 1 < n) {
                                received.get(i + 1).await();
                            }
                            return i;
                        },
                        options)) {
                    return results.map(TaskResult::orElseThrow)
                            .peek(i -> received.get(i).countDown())
                            .map(i -> i * 10)
                            .toList();
                }
            });
            assertThat(values).containsExactly(50, 40, 30, 20, 10, 0);
        }
    }

    @Test
    void concurrencyNeverExceedsMaxConcurrency() {
        try (Node node = Node.start("stream-bounded")) {
            AtomicInteger inFlight = new AtomicInteger();
            AtomicInteger max = new AtomicInteger();
            for (boolean ordered : List.of(true, false)) {
                max.set(0);
                StreamOptions options = StreamOptions.defaults()
                        .withMaxConcurrency(3)
                        .withOrdered(ordered)
                        .withoutTimeout();
                List<Integer> values = Within.inProcess(
                        node,
                        self -> values(Task.asyncStream(
                                self,
                                IntStream.range(0, 300).boxed().toList(),
                                n -> {
                                    max.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                    Thread.yield(); // give the others a chance to overlap
                                    inFlight.decrementAndGet();
                                    return n;
                                },
                                options)));
                assertThat(values)
                        .hasSize(300)
                        .containsExactlyInAnyOrderElementsOf(
                                IntStream.range(0, 300).boxed().toList());
                if (ordered) {
                    assertThat(values).isSorted();
                }
                assertThat(max.get())
                        .as("most tasks running at once, ordered=%s", ordered)
                        .isBetween(1, 3);
            }
        }
    }

    @Test
    void itemsArePulledLazilyAndNoMoreThanMaxConcurrencyAreInFlight() {
        try (Node node = Node.start("stream-lazy")) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger pulled = new AtomicInteger();
            AtomicInteger started = new AtomicInteger();
            Iterator<Integer> source = new Iterator<>() {
                @Override
                public boolean hasNext() {
                    return pulled.get() < 100;
                }

                @Override
                public Integer next() {
                    return pulled.getAndIncrement();
                }
            };
            Iterable<Integer> items = () -> source;
            CompletableFuture<List<Integer>> firstTwo = Within.spawn(node, self -> {
                try (Stream<TaskResult<Integer>> results = Task.asyncStream(
                        self,
                        items,
                        n -> {
                            started.incrementAndGet();
                            return block(release) + 1 + n;
                        },
                        StreamOptions.defaults().withMaxConcurrency(4).withoutTimeout())) {
                    assertThat(pulled)
                            .as("nothing runs before the stream is pulled")
                            .hasValue(0);
                    return results.limit(2).map(TaskResult::orElseThrow).toList();
                }
            });
            Within.eventually("four tasks started", () -> started.get() == 4);
            assertThat(pulled).hasValue(4);
            assertThat(firstTwo).isNotDone();
            release.countDown();
            assertThat(Within.get(firstTwo)).containsExactly(0, 1);
            // Two handed out, so at most 2 + 4 items were ever taken from the source.
            assertThat(pulled.get()).isBetween(4, 6);
        }
    }

    @Test
    void closingEarlyKillsTheRunningTasksAndLeavesNothingBehind() {
        try (Node node = Node.start("stream-close")) {
            int before = node.processCount();
            CountDownLatch never = new CountDownLatch(1);
            Set<Pid> tasks = ConcurrentHashMap.newKeySet();
            AtomicBoolean sourceClosed = new AtomicBoolean();
            List<Object> seen = Within.inProcess(node, self -> {
                Stream<Integer> source = IntStream.range(0, 10).boxed().onClose(() -> sourceClosed.set(true));
                Stream<TaskResult<Integer>> results = Task.asyncStream(
                        self,
                        source,
                        n -> {
                            if (n == 0) {
                                return 0;
                            }
                            return block(never);
                        },
                        StreamOptions.defaults().withMaxConcurrency(3).withoutTimeout());
                Iterator<TaskResult<Integer>> iterator = results.iterator();
                TaskResult<Integer> first = iterator.next();
                // The owner monitors exactly the tasks still running: items 1 and 2 (item 3 starts at the next pull).
                tasks.addAll(self.node().info(self.self()).orElseThrow().monitors());
                results.close();
                var atClose = self.node().info(self.self()).orElseThrow();
                // Item 0's task has answered and is exiting on its own: its link goes once it has exited.
                Within.eventually(
                        "the finished task's link gone",
                        () -> self.node()
                                .info(self.self())
                                .orElseThrow()
                                .links()
                                .isEmpty());
                return List.of(first, atClose);
            });
            assertThat(seen.get(0)).isEqualTo(new TaskResult.Ok<>(0));
            assertThat(tasks).as("the blocked tasks running at the close").hasSize(2);
            var ownerInfo = (io.otp4j.process.ProcessInfo) seen.get(1);
            assertThat(ownerInfo.links()).as("links at the close").doesNotContainAnyElementsOf(tasks);
            assertThat(ownerInfo.monitors()).isEmpty();
            assertThat(ownerInfo.mailboxLength()).isZero();
            assertThat(sourceClosed).isTrue();
            assertThat(tasks).noneMatch(node::isAlive);
            Within.eventually("the killed tasks and the owner gone", () -> node.processCount() == before);
        }
    }

    @Test
    void killTaskTimeoutsEmitAMarkerAndTheStreamGoesOn() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("stream-kill-task", clock)) {
            int before = node.processCount();
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<List<TaskResult<Integer>>> results = Within.spawn(node, self -> {
                try (Stream<TaskResult<Integer>> stream = Task.asyncStream(
                        self,
                        List.of(1, 2, 3),
                        n -> n == 2 ? block(never) : n,
                        StreamOptions.defaults()
                                .withMaxConcurrency(3)
                                .withTimeout(Duration.ofSeconds(2))
                                .withOnTimeout(StreamOptions.OnTimeout.KILL_TASK))) {
                    return stream.toList();
                }
            });
            Within.eventually("the owner waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(1));
            assertThat(results).isNotDone();
            clock.advance(Duration.ofSeconds(1));
            assertThat(Within.get(results))
                    .containsExactly(
                            new TaskResult.Ok<>(1),
                            new TaskResult.TimedOut<>(Duration.ofSeconds(2)),
                            new TaskResult.Ok<>(3));
            Within.eventually("the killed task and the owner gone", () -> node.processCount() == before);
        }
    }

    @Test
    void exitTimeoutsFailTheStreamAndKillEveryRunningTask() {
        TestClock clock = new TestClock();
        try (Node node = Node.start("stream-exit", clock)) {
            int before = node.processCount();
            CountDownLatch never = new CountDownLatch(1);
            CompletableFuture<Object> owner = Within.spawn(node, self -> {
                try (Stream<TaskResult<Integer>> stream = Task.asyncStream(
                        self,
                        List.of(1, 2, 3),
                        n -> block(never),
                        StreamOptions.defaults().withMaxConcurrency(2).withTimeout(Duration.ofSeconds(3)))) {
                    return stream.toList();
                } catch (TaskTimeoutException e) {
                    assertThat(self.node().info(self.self()).orElseThrow().links())
                            .isEmpty();
                    return e;
                }
            });
            Within.eventually("the owner waits on the clock", () -> clock.pending() > 0);
            clock.advance(Duration.ofSeconds(3));
            TaskTimeoutException timeout = (TaskTimeoutException) Within.get(owner);
            assertThat(timeout.timeout()).isEqualTo(Duration.ofSeconds(3));
            assertThat(timeout).hasMessageContaining("async stream was stopped");
            Within.eventually("every task and the owner gone", () -> node.processCount() == before);
        }
    }

    @Test
    void aCrashingLinkedTaskEndsANonTrappingOwner() {
        try (Node node = Node.start("stream-crash")) {
            IllegalStateException boom = new IllegalStateException("boom");
            CountDownLatch watched = new CountDownLatch(1);
            CompletableFuture<Pid> ownerPid = new CompletableFuture<>();
            Within.spawn(node, self -> {
                ownerPid.complete(self.self());
                Within.await(watched);
                return values(Task.asyncStream(self, List.of(1, 2, 3), n -> {
                    if (n == 2) {
                        throw boom;
                    }
                    return n;
                }));
            });
            CompletableFuture<Down> down = Within.watch(node, Within.get(ownerPid));
            watched.countDown();
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.crash(boom));
        }
    }

    @Test
    void aTrappingOwnerSeesTheCrashAsAFailedPull() {
        try (Node node = Node.start("stream-crash-trap")) {
            int before = node.processCount();
            IllegalStateException boom = new IllegalStateException("boom");
            CountDownLatch never = new CountDownLatch(1);
            TaskExitedException thrown = Within.inProcess(node, self -> {
                self.trapExits(true);
                try (Stream<TaskResult<Integer>> stream = Task.asyncStream(
                        self,
                        List.of(1, 2),
                        n -> {
                            if (n == 2) {
                                throw boom;
                            }
                            return block(never);
                        },
                        StreamOptions.defaults().withoutTimeout())) {
                    throw new AssertionError("the stream ran to its end: " + stream.toList());
                } catch (TaskExitedException e) {
                    return e;
                }
            });
            assertThat(thrown.reason()).isEqualTo(ExitReason.crash(boom));
            assertThat(thrown).hasCause(boom);
            Within.eventually("the other task, killed, and the owner gone", () -> node.processCount() == before);
        }
    }

    @Test
    void thePullMustHappenOnTheOwnersThread() {
        try (Node node = Node.start("stream-foreign")) {
            Stream<TaskResult<Integer>> stream = Within.inProcess(
                    node, self -> Task.asyncStream(self, List.of(1), n -> n, StreamOptions.defaults()));
            assertThatThrownBy(() -> stream.iterator().hasNext())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("owner's thread");
        }
    }

    @Test
    void badOptionsAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> StreamOptions.defaults().withMaxConcurrency(0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxConcurrency")
                .hasMessageContaining("0");
        assertThatThrownBy(() -> StreamOptions.defaults().withTimeout(Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("PT0S");
        StreamOptions defaults = StreamOptions.defaults();
        assertThat(defaults.maxConcurrency()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(defaults.ordered()).isTrue();
        assertThat(defaults.timeout()).contains(Duration.ofSeconds(5));
        assertThat(defaults.onTimeout()).isEqualTo(StreamOptions.OnTimeout.EXIT);
    }
}
