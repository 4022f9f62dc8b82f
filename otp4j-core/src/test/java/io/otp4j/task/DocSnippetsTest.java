package io.otp4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The code shown in this package's documentation (the package, {@link Task}, {@link TaskSupervisor}), run and checked. */
class DocSnippetsTest {

    @Test
    void tasksAndAnAsyncStream() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        // @start region="example"
        try (Node node = Node.start("tasks")) {
            CompletableFuture<Integer> total = new CompletableFuture<>();
            node.spawn(self -> {
                Task<Integer> a = Task.async(self, () -> 20); // runs beside its owner
                Task<Integer> b = Task.async(self, () -> 22);
                int sum = a.await() + b.await(); // 42

                StreamOptions options = StreamOptions.defaults().withMaxConcurrency(4);
                try (Stream<TaskResult<Integer>> squares =
                        Task.asyncStream(self, List.of(1, 2, 3), n -> n * n, options)) {
                    sum += squares.mapToInt(r -> r.orElseThrow()).sum(); // + 1 + 4 + 9
                }
                total.complete(sum); // 56
            });
            result.complete(Within.get(total)); // @replace regex=".*\n?" replacement=""
        }
        // @end
        assertThat(result).isCompletedWithValue(56);
    }

    /** Both tasks of the example must be running at once for either to get past this latch. */
    private final CountDownLatch bothRunning = new CountDownLatch(2);

    private int slowSquare(int n) throws InterruptedException {
        bothRunning.countDown();
        if (!bothRunning.await(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("the other task never ran beside this one");
        }
        return n * n;
    }

    @Test
    void twoTasksRunAtOnce() {
        CompletableFuture<Integer> result = new CompletableFuture<>();
        try (Node node = Node.start("squares")) {
            // @start region="async"
            node.spawn(self -> {
                Task<Integer> a = Task.async(self, () -> slowSquare(3)); // both run at once
                Task<Integer> b = Task.async(self, () -> slowSquare(4));
                int sum = a.await() + b.await(); // 25
                result.complete(sum); // @replace regex=".*\n?" replacement=""
            });
            // @end
            assertThat(Within.get(result)).isEqualTo(25);
        }
    }

    record Page(String url, String html) {}

    private final List<String> mailsSent = new CopyOnWriteArrayList<>();
    private final List<Object> shown = new CopyOnWriteArrayList<>();

    private void sendWelcomeMail(String user) {
        mailsSent.add(user);
    }

    private static Page fetch(String url) {
        if (!url.startsWith("https://")) {
            throw new IllegalArgumentException("cannot fetch " + url);
        }
        return new Page(url, "<p>hello</p>");
    }

    private void awaitMail(String user) {
        Within.eventually("the welcome mail is sent", () -> mailsSent.contains(user));
    }

    private void render(Page page) {
        shown.add(page);
    }

    private void renderError(ExitReason reason) {
        shown.add(reason);
    }

    /** Runs the example of {@link TaskSupervisor}; returns how the viewing process ended. */
    private ExitReason view(String user, String url) {
        try (Node node = Node.start("pages")) {
            // @start region="supervisor"
            TaskSupervisor tasks = TaskSupervisor.start(node);
            tasks.startChild(() -> sendWelcomeMail(user)); // fire and forget, from any thread
            Pid viewer = node.spawn(self -> {
                Task<Page> page = tasks.asyncNolink(self, () -> fetch(url));
                try {
                    render(page.await());
                } catch (TaskExitedException crashed) { // the fetch crashed; this process did not
                    renderError(crashed.reason());
                }
            });
            Optional<ExitReason> viewed = node.await(viewer, Duration.ofSeconds(5)); // normal, either way
            awaitMail(user); // @replace regex=".*\n?" replacement=""
            tasks.stop(); // stops the tasks still running, then itself
            // @end
            assertThat(node.isAlive(tasks.pid())).isFalse();
            return viewed.orElseThrow();
        }
    }

    @Test
    void aFetchedPageIsRendered() {
        assertThat(view("ada", "https://example.org/")).isEqualTo(ExitReason.normal());
        assertThat(mailsSent).containsExactly("ada");
        assertThat(shown).containsExactly(new Page("https://example.org/", "<p>hello</p>"));
    }

    @Test
    void aCrashedFetchIsRenderedAsAnErrorAndTheViewerGoesOn() {
        assertThat(view("bob", "ftp://example.org/")).isEqualTo(ExitReason.normal());
        assertThat(mailsSent).containsExactly("bob");
        assertThat(shown).singleElement().isInstanceOf(ExitReason.Crash.class);
    }
}
