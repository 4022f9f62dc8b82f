package io.otp4j.bench.scenario;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;

/**
 * Runs iterations and prints them, in the line format every contender shares (the BEAM's script prints the
 * same):
 *
 * <pre>
 *   ITER   &lt;workload&gt; &lt;value&gt; &lt;unit&gt;     one measured iteration, sample or round
 *   RESULT &lt;workload&gt; &lt;median&gt; &lt;unit&gt;    the median of them
 * </pre>
 *
 * A timed iteration repeats batches until {@link Settings#iteration()} of wall time has passed and divides the
 * counted nanoseconds by the operations done, as JMH's average-time mode does. The first timed workload of a
 * harness (of a JVM) gets {@value #COLD_START_WARMUPS} more warm-up iterations than the others.
 */
public final class Harness {

    private static final double SECOND = 1e9;

    /** Extra warm-up iterations for the first timed workload a harness runs: the JIT is cold then. */
    static final int COLD_START_WARMUPS = 3;

    private final Settings settings;
    private final PrintStream out;
    /** Appended to every workload's name it prints: {@code _contended} while a busy loop runs beside the side. */
    private final String suffix;

    private boolean warm;

    /** A harness that prints to {@code out}. */
    public Harness(Settings settings, PrintStream out) {
        this(settings, out, "");
    }

    private Harness(Settings settings, PrintStream out, String suffix) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.out = Objects.requireNonNull(out, "out");
        this.suffix = Objects.requireNonNull(suffix, "suffix");
    }

    /**
     * {@return a harness like this one that reports each workload under its name followed by {@code suffix}} Its
     * first timed workload warms up as a cold one.
     *
     * @param suffix what to append, such as {@code _contended}
     */
    public Harness reportingAs(String suffix) {
        return new Harness(settings, out, suffix);
    }

    /** {@return the settings} */
    public Settings settings() {
        return settings;
    }

    /** Measures nanoseconds per operation of {@code bench}, whose batches do {@code ops} operations each. */
    public double timed(String workload, int ops, Bench bench) throws Exception {
        return iterations(workload, "ns/op", ops, bench, false);
    }

    /** Measures operations per second of {@code bench}, whose batches do {@code ops} operations each. */
    public double throughput(String workload, int ops, Bench bench) throws Exception {
        return iterations(workload, "ops/s", ops, bench, true);
    }

    /**
     * Measures single samples: one warm-up batch, then {@link Settings#mailerSamples()} measured ones, each
     * batch's own figure in nanoseconds.
     */
    public double samples(String workload, Bench bench) throws Exception {
        bench.run();
        double[] values = new double[settings.mailerSamples()];
        for (int i = 0; i < values.length; i++) {
            values[i] = bench.run();
            iter(workload, values[i], "ns");
        }
        return result(workload, values, "ns");
    }

    private double iterations(String workload, String unit, int ops, Bench bench, boolean perSecond) throws Exception {
        if (ops < 1) {
            throw new IllegalArgumentException("ops must be at least 1, was " + ops);
        }
        int warmups = settings.warmups() + (warm ? 0 : COLD_START_WARMUPS);
        warm = true;
        for (int i = 0; i < warmups; i++) {
            iteration(ops, bench);
        }
        double[] values = new double[settings.measures()];
        for (int i = 0; i < values.length; i++) {
            double nanosPerOp = iteration(ops, bench);
            values[i] = perSecond ? SECOND / nanosPerOp : nanosPerOp;
            iter(workload, values[i], unit);
        }
        return result(workload, values, unit);
    }

    /** {@return counted nanoseconds per operation over batches run for at least one iteration's time} */
    private double iteration(int ops, Bench bench) throws Exception {
        long least = settings.iteration().toNanos();
        long start = System.nanoTime();
        long counted = 0;
        long done = 0;
        do {
            counted += bench.run();
            done += ops;
        } while (System.nanoTime() - start < least);
        return (double) counted / done;
    }

    /** Prints one measured value. */
    public void iter(String workload, double value, String unit) {
        out.printf(Locale.ROOT, "ITER %s%s %.1f %s%n", workload, suffix, value, unit);
    }

    /** Prints and returns the median of {@code values}. */
    public double result(String workload, double[] values, String unit) {
        double median = median(values);
        out.printf(Locale.ROOT, "RESULT %s%s %.1f %s%n", workload, suffix, median, unit);
        return median;
    }

    /** Prints a free-form line (a note, an account of the flood); it starts with {@code word}. */
    public void line(String word, String text) {
        out.println(word + " " + text);
    }

    /** {@return the median: the middle value, or the upper of the two middle ones} */
    static double median(double[] values) {
        if (values.length == 0) {
            throw new IllegalArgumentException("no values");
        }
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
