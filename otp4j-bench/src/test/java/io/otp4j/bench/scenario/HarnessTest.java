package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The harness divides the nanoseconds its batches report by their operations; wall time only decides how many. */
class HarnessTest {

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final Settings settings = new Settings(Duration.ofNanos(1), 2, 3, 1, 11, 4, 1);
    private final Harness harness = new Harness(settings, new PrintStream(bytes, true, StandardCharsets.UTF_8));

    private List<String> lines() {
        return Arrays.asList(bytes.toString(StandardCharsets.UTF_8).split("\\R"));
    }

    /** A batch that reports 1000, 2000, 3000, ... nanoseconds, and counts its runs. */
    private static final class Growing implements Bench {
        final AtomicInteger runs = new AtomicInteger();

        @Override
        public long run() {
            return 1000L * runs.incrementAndGet();
        }

        @Override
        public void close() {}
    }

    @Test
    void timedRunsTheWarmUpsThenPrintsEachMeasuredIterationAndTheMedian() throws Exception {
        Growing first = new Growing();
        harness.timed("cold", 10, first); // the first workload warms up 3 iterations longer: the JIT is cold
        assertThat(first.runs).hasValue(Harness.COLD_START_WARMUPS + 2 + 3);
        Growing bench = new Growing();
        // an iteration of 1 ns is one batch: runs 1-2 warm up, 3-5 measured: 3000, 4000, 5000 ns over 10 ops
        double median = harness.timed("w", 10, bench);
        assertThat(bench.runs).hasValue(5);
        assertThat(median).isEqualTo(400.0);
        assertThat(lines())
                .endsWith("ITER w 300.0 ns/op", "ITER w 400.0 ns/op", "ITER w 500.0 ns/op", "RESULT w 400.0 ns/op");
    }

    @Test
    void throughputIsOperationsPerSecond() throws Exception {
        Bench bench = OtpContender.bench(() -> 2_000_000L, () -> {}); // 2 ms a batch of 1000 ops
        assertThat(harness.throughput("t", 1000, bench)).isEqualTo(500_000.0);
        assertThat(lines()).last().isEqualTo("RESULT t 500000.0 ops/s");
    }

    @Test
    void samplesWarmUpOnceThenTakeEachBatchAsItIs() throws Exception {
        Growing bench = new Growing();
        assertThat(harness.samples("m", bench)).isEqualTo(4000.0); // 2000, 3000, 4000, 5000 → upper middle
        assertThat(bench.runs).hasValue(5);
        assertThat(lines()).hasSize(5).first().isEqualTo("ITER m 2000.0 ns");
    }

    @Test
    void anIterationLastsAtLeastItsTime() throws Exception {
        Settings longer = new Settings(Duration.ofMillis(20), 0, 1, 1, 11, 1, 1);
        Harness h = new Harness(longer, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        AtomicInteger runs = new AtomicInteger();
        long t0 = System.nanoTime();
        double perOp = h.timed("x", 1, OtpContender.bench(() -> 7 + 0 * runs.incrementAndGet(), () -> {}));
        assertThat(System.nanoTime() - t0)
                .isGreaterThanOrEqualTo(Duration.ofMillis(20).toNanos());
        assertThat(perOp).isEqualTo(7.0); // whatever the number of batches, 7 ns each
        assertThat(runs.get()).isPositive();
    }

    @Test
    void median() {
        assertThat(Harness.median(new double[] {3, 1, 2})).isEqualTo(2);
        assertThat(Harness.median(new double[] {4, 1, 3, 2})).isEqualTo(3);
        assertThatThrownBy(() -> Harness.median(new double[0])).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void badSettingsNameTheSetting() {
        assertThatThrownBy(() -> new Settings(Duration.ZERO, 0, 1, 1, 11, 1, 1))
                .hasMessageContaining("iteration must be positive");
        assertThatThrownBy(() -> new Settings(Duration.ofSeconds(1), 0, 0, 1, 11, 1, 1))
                .hasMessageContaining("measures must be at least 1, was 0");
        assertThatThrownBy(() -> new Settings(Duration.ofSeconds(1), 0, 1, 1, 10, 1, 1))
                .hasMessageContaining("scalingCount must be at least 11, was 10");
        assertThatThrownBy(() -> harness.timed("w", 0, new Growing())).hasMessageContaining("ops must be at least 1");
    }
}
