package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.LogCapture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.locks.LockSupport;
import org.junit.jupiter.api.Test;

/**
 * Ten thousand children crash at once, from four threads, and are all restarted; then the tree is shut down and
 * no process is left behind.
 */
class SupervisorStressTest {

    private static final int CHILDREN = 10_000;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static boolean anyStartedOnce(AtomicIntegerArray starts) {
        for (int i = 0; i < starts.length(); i++) {
            if (starts.get(i) < 2) {
                return true;
            }
        }
        return false;
    }

    private static boolean allStarted(AtomicIntegerArray starts) {
        for (int i = 0; i < starts.length(); i++) {
            if (starts.get(i) < 1) {
                return false;
            }
        }
        return true;
    }

    /** What a stalled run had reached, to tell which part of the restarts never came. */
    private static String progress(LogCapture log, Supervisor sup, AtomicIntegerArray starts) {
        List<String> once = new ArrayList<>();
        for (int i = 0; i < starts.length() && once.size() < 10; i++) {
            if (starts.get(i) < 2) {
                once.add("c" + i + "=" + starts.get(i));
            }
        }
        return log.about("io.otp4j.supervisor", "child terminated").size() + " 'child terminated' reports, "
                + sup.countChildren() + ", children started fewer than twice (first 10): " + once;
    }

    @Test
    void tenThousandChildrenCrashAndRestartConcurrentlyThenTheTreeShutsDownLeavingNothing() throws Exception {
        try (Node node = Node.start("stress");
                LogCapture log = LogCapture.of("io.otp4j.supervisor")) {
            int before = node.processCount();
            AtomicIntegerArray starts = new AtomicIntegerArray(CHILDREN);
            List<ChildSpec> children = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                int n = i;
                children.add(ChildSpec.of(
                        "c" + i,
                        s -> StartResult.ok(s.spawnLink(self -> {
                            starts.incrementAndGet(n);
                            self.receive();
                        }))));
            }
            SupervisorFlags flags = SupervisorFlags.oneForOne().withIntensity(CHILDREN, Duration.ofMinutes(1));
            Supervisor sup = Supervisor.start(node, flags, children);
            assertThat(node.processCount()).isEqualTo(before + 1 + CHILDREN);
            List<Pid> first =
                    sup.whichChildren().stream().map(c -> c.pid().orElseThrow()).toList();
            // A child killed before its body ran never runs it (as in OTP), and would count one start: so the
            // crashes begin once every first child is running.
            long started = System.nanoTime() + WAIT.toNanos();
            while (!allStarted(starts)) {
                if (System.nanoTime() - started >= 0) {
                    throw new AssertionError("the first children did not all run within " + WAIT);
                }
                LockSupport.parkNanos(10_000_000);
            }

            List<CompletableFuture<Void>> crashers = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                int offset = t;
                crashers.add(CompletableFuture.runAsync(() -> {
                    for (int i = offset; i < CHILDREN; i += 4) {
                        node.exit(first.get(i), ExitReason.custom("crash " + i));
                    }
                }));
            }
            CompletableFuture.allOf(crashers.toArray(CompletableFuture[]::new)).get(WAIT.toSeconds(), TimeUnit.SECONDS);

            long deadline = System.nanoTime() + WAIT.toNanos();
            // A replacement counts as started once the supervisor has its pid; its body (which counts) may run a
            // moment later, so the counts are awaited too.
            while (log.about("io.otp4j.supervisor", "child terminated").size() < CHILDREN
                    || sup.countChildren().active() < CHILDREN
                    || anyStartedOnce(starts)) {
                if (System.nanoTime() - deadline >= 0) {
                    throw new AssertionError("not all restarted within " + WAIT + ": " + progress(log, sup, starts));
                }
                LockSupport.parkNanos(10_000_000);
            }
            Set<Pid> second = new HashSet<>();
            sup.whichChildren().forEach(c -> second.add(c.pid().orElseThrow()));
            assertThat(second).hasSize(CHILDREN);
            Set<Pid> firstSet = new HashSet<>(first);
            assertThat(second.stream().filter(firstSet::contains).toList())
                    .as("children not restarted")
                    .isEmpty();
            List<String> notTwice = new ArrayList<>();
            for (int i = 0; i < CHILDREN; i++) {
                if (starts.get(i) != 2) {
                    notTwice.add("c" + i + " started " + starts.get(i) + " times");
                }
            }
            assertThat(notTwice).as("children not started exactly twice").isEmpty();
            assertThat(log.about("io.otp4j.supervisor", "child terminated")).hasSize(CHILDREN);
            assertThat(node.processCount()).isEqualTo(before + 1 + CHILDREN);

            sup.stop();
            deadline = System.nanoTime() + WAIT.toNanos();
            while (node.processCount() > before) {
                assertThat(System.nanoTime() - deadline)
                        .as("every process gone within " + WAIT)
                        .isNegative();
                LockSupport.parkNanos(10_000_000);
            }
            assertThat(node.processCount()).isEqualTo(before);
            assertThat(log.about("io.otp4j.supervisor", "shutdown error")).isEmpty();
        }
    }
}
