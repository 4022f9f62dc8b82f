package io.otp4j.bench.scenario;

import java.time.Duration;
import java.util.Objects;

/**
 * How long and how much the scenarios run: the same figures drive the Java contenders and, passed on the command
 * line by {@code otp4j-bench/scenarios}, the BEAM's script.
 *
 * @param iteration the least wall time of one timed iteration (batches repeat until it is over)
 * @param warmups timed iterations run and thrown away before the measured ones
 * @param measures measured timed iterations; a workload's figure is their median
 * @param memoryCount servers (processes, actors) in the one population a memory workload measures
 * @param scalingCount idle servers alive in the second half of the flat-scaling workload
 * @param mailerSamples measured samples of each mailer workload (each after one warm-up sample)
 * @param floodMessages casts the flood's sender sends
 */
public record Settings(
        Duration iteration,
        int warmups,
        int measures,
        int memoryCount,
        int scalingCount,
        int mailerSamples,
        int floodMessages) {

    public Settings {
        Objects.requireNonNull(iteration, "iteration");
        if (iteration.isNegative() || iteration.isZero()) {
            throw new IllegalArgumentException("iteration must be positive, was " + iteration);
        }
        atLeast("warmups", warmups, 0);
        atLeast("measures", measures, 1);
        atLeast("memoryCount", memoryCount, 1);
        atLeast("scalingCount", scalingCount, Scenarios.FEW_SERVERS + 1);
        atLeast("mailerSamples", mailerSamples, 1);
        atLeast("floodMessages", floodMessages, 1);
    }

    private static void atLeast(String name, int value, int least) {
        if (value < least) {
            throw new IllegalArgumentException(name + " must be at least " + least + ", was " + value);
        }
    }

    /** {@return the full run's settings: 1 s iterations, 2 + 5 of them, a million idle servers} */
    public static Settings full() {
        return new Settings(Duration.ofSeconds(1), 2, 5, 100_000, 1_000_000, 5, 2_000_000);
    }

    /** {@return the quick check's: 0.3 s iterations, 2 + 3 of them, 200,000 idle servers} */
    public static Settings quick() {
        return new Settings(Duration.ofMillis(300), 2, 3, 20_000, 200_000, 3, 500_000);
    }
}
