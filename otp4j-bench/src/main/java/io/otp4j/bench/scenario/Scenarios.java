package io.otp4j.bench.scenario;

import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Runs the side-by-side scenarios on one Java contender and prints {@code ITER}/{@code RESULT} lines (see {@link
 * Harness}). {@code otp4j-bench/scenarios} runs it for otp4j (with one carrier thread and with the default) and
 * for Pekko, alternating with the BEAM's script, and tabulates the medians.
 *
 * <pre>
 * usage: Scenarios otp4j|pekko [--quick] [--group main|contended|memory_idle|memory_hibernated|scaling|flood|all]
 *        [--only REGEX]
 * </pre>
 *
 * The groups run in separate JVMs because they want different heaps or a fresh JVM: {@code main} (the timed
 * workloads), {@code contended} (some of them again, reported with the suffix {@code _contended}: the driver runs a
 * busy loop beside the JVM), {@code memory_idle} and {@code memory_hibernated} (one population each, the first of
 * its JVM), {@code scaling} (a million idle servers: give it {@code -Xmx3g}) and {@code flood}.
 */
public final class Scenarios {

    static final int ROUND_TRIP_CALLS = 10_000;
    static final int TOTAL_CALLS = 64_000;
    static final int CASTS = 10_000;
    static final int RATE_CHECKS = 64_000;
    static final int SHARDS = 8;
    static final int STARTS = 1_000;
    static final int RING_SIZE = 1_000;
    static final int RING_HOPS = 1_000_000;
    static final int MAILER_JOBS = 100;
    static final Duration MAILER_WORK = Duration.ofMillis(10);
    static final int MAILER_PARTITIONS = 8;
    static final int FEW_SERVERS = 10;
    static final int FLOOD_CAPACITY = 1_000;
    static final Duration FLOOD_WORK = Duration.ofNanos(10_000);

    /** The workloads of the {@code main} group, in the order they run. */
    static final List<String> MAIN = List.of(
            "call_round_trip",
            "call_throughput_4",
            "call_throughput_64",
            "call_throughput_1000",
            "request_throughput_64",
            "request_pooled_64",
            "call_pooled_round_trip",
            "call_pooled_64",
            "cast_throughput",
            "ratelimit_1",
            "ratelimit_64",
            "ratelimit_sharded_64",
            "start",
            "start_pooled",
            "ring",
            "mailer_bottleneck",
            "mailer_cured");

    /**
     * The workloads of the {@code contended} group: hand-offs between processes, which a busy process beside the
     * runtime slows most. Each is reported as its name followed by {@link #CONTENDED}.
     */
    static final List<String> CONTENDED_WORKLOADS = List.of("call_round_trip", "call_throughput_64", "ring");

    /** The suffix of a workload measured with a busy loop beside the side. */
    static final String CONTENDED = "_contended";

    /**
     * The memory workloads: each is a group of its own, run in a fresh JVM, so that its figure is the first
     * population the JVM makes, as an application's first servers are.
     */
    static final List<String> MEMORY = List.of("memory_idle", "memory_hibernated");

    private final Contender contender;
    private final Harness harness;
    private final Pattern only;

    Scenarios(Contender contender, Harness harness, Pattern only) {
        this.contender = contender;
        this.harness = harness;
        this.only = only;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw usage("name the contender first");
        }
        Function<Settings, Contender> contender = switch (args[0]) {
            case "otp4j" -> settings -> new OtpContender();
            case "pekko" -> settings -> new PekkoContender();
            default -> throw usage("unknown contender " + args[0]);
        };
        Settings settings = Settings.full();
        String group = "all";
        Pattern only = Pattern.compile("");
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--group" -> group = value(args, ++i, "--group");
                case "--only" -> only = Pattern.compile(value(args, ++i, "--only"));
                default -> throw usage("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "# %s, Java %s, %d processors, virtual-thread parallelism %s, max heap %d MB%n",
                args[0],
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
                Runtime.getRuntime().maxMemory() >> 20);
        try (Contender c = contender.apply(settings)) {
            new Scenarios(c, new Harness(settings, out), only).run(group);
        }
        // Closing a node of a million servers exits each in turn; the measurements are over, so the JVM just ends.
        System.exit(0);
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw usage(option + " needs a value");
        }
        return args[i];
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(problem
                + "; usage: Scenarios otp4j|pekko [--quick] [--group main|contended|memory_idle|memory_hibernated|scaling|flood|all]"
                + " [--only REGEX]");
    }

    /** Runs the workloads of {@code group} that {@code --only} selects. */
    void run(String group) throws Exception {
        switch (group) {
            case "main" -> runMain();
            case "contended" -> runContended();
            case "memory_idle", "memory_hibernated" -> {
                if (selected(group)) {
                    runOne(group);
                }
            }
            case "scaling" -> runScaling();
            case "flood" -> runFlood();
            case "all" -> { // contended needs the driver's busy loop beside it, so it is not part of all
                runMain();
                for (String memory : MEMORY) {
                    if (selected(memory)) {
                        runOne(memory);
                    }
                }
                runScaling();
                runFlood();
            }
            default ->
                throw new IllegalArgumentException("unknown group " + group
                        + ": main, contended, memory_idle, memory_hibernated, scaling, flood or all");
        }
    }

    private boolean selected(String workload) {
        return only.matcher(workload).find();
    }

    private void runMain() throws Exception {
        for (String workload : MAIN) {
            if (selected(workload)) {
                runOne(workload);
            }
        }
    }

    /**
     * Runs the contended workloads that {@code --only} selects (by their reported names): the same workloads as in
     * {@code main}, which the driver runs with a busy loop beside this process.
     */
    private void runContended() throws Exception {
        Scenarios contended = new Scenarios(contender, harness.reportingAs(CONTENDED), only);
        for (String workload : CONTENDED_WORKLOADS) {
            if (selected(workload + CONTENDED)) {
                contended.runOne(workload);
            }
        }
    }

    private void runOne(String workload) throws Exception {
        Settings settings = harness.settings();
        switch (workload) {
            case "call_round_trip" -> {
                try (Bench bench = contender.calls(1, ROUND_TRIP_CALLS)) {
                    harness.timed(workload, ROUND_TRIP_CALLS, bench);
                }
            }
            case "call_throughput_4", "call_throughput_64", "call_throughput_1000" -> {
                int callers = Integer.parseInt(workload.substring("call_throughput_".length()));
                try (Bench bench = contender.calls(callers, TOTAL_CALLS)) {
                    harness.throughput(workload, TOTAL_CALLS, bench);
                }
            }
            case "request_throughput_64" -> {
                int callers = Integer.parseInt(workload.substring("request_throughput_".length()));
                try (Bench bench = contender.requests(callers, TOTAL_CALLS)) {
                    harness.throughput(workload, TOTAL_CALLS, bench);
                }
            }
            case "request_pooled_64" -> {
                int callers = Integer.parseInt(workload.substring("request_pooled_".length()));
                try (Bench bench = contender.pooledRequests(callers, TOTAL_CALLS)) {
                    harness.throughput(workload, TOTAL_CALLS, bench);
                }
            }
            case "call_pooled_round_trip" -> {
                try (Bench bench = contender.pooledCalls(1, ROUND_TRIP_CALLS)) {
                    harness.timed(workload, ROUND_TRIP_CALLS, bench);
                }
            }
            case "call_pooled_64" -> {
                try (Bench bench = contender.pooledCalls(64, TOTAL_CALLS)) {
                    harness.throughput(workload, TOTAL_CALLS, bench);
                }
            }
            case "cast_throughput" -> {
                try (Bench bench = contender.casts(CASTS)) {
                    harness.throughput(workload, CASTS, bench);
                }
            }
            case "ratelimit_1", "ratelimit_64", "ratelimit_sharded_64" -> {
                int callers = workload.equals("ratelimit_1") ? 1 : 64;
                int shards = workload.startsWith("ratelimit_sharded") ? SHARDS : 1;
                try (Bench bench = contender.rateLimiter(callers, shards, RATE_CHECKS)) {
                    harness.throughput(workload, RATE_CHECKS, bench);
                }
            }
            case "start" -> {
                try (Bench bench = contender.starts(STARTS)) {
                    harness.timed(workload, STARTS, bench);
                }
            }
            case "start_pooled" -> {
                try (Bench bench = contender.pooledStarts(STARTS)) {
                    harness.timed(workload, STARTS, bench);
                }
            }
            case "ring" -> {
                try (Bench bench = contender.ring(RING_SIZE, RING_HOPS)) {
                    harness.timed(workload, RING_HOPS, bench);
                }
            }
            case "mailer_bottleneck", "mailer_cured" -> {
                boolean cured = workload.equals("mailer_cured");
                try (Bench bench = contender.mailer(cured, MAILER_PARTITIONS, MAILER_JOBS, MAILER_WORK)) {
                    harness.samples(workload, bench);
                }
            }
            case "memory_idle", "memory_hibernated" -> {
                OptionalDouble bytes =
                        contender.memoryPerServer(settings.memoryCount(), workload.equals("memory_hibernated"));
                if (bytes.isPresent()) {
                    harness.result(workload, new double[] {bytes.getAsDouble()}, "B");
                } else {
                    harness.line("NOTE", workload + " does not apply to this contender");
                }
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }

    private void runScaling() throws Exception {
        int many = harness.settings().scalingCount();
        if (!selected("scaling_" + FEW_SERVERS) && !selected("scaling_" + many)) {
            return;
        }
        try (Contender.Scaling scaling = contender.scaling(FEW_SERVERS, ROUND_TRIP_CALLS)) {
            harness.timed("scaling_" + FEW_SERVERS, ROUND_TRIP_CALLS, scaling);
            long t0 = System.nanoTime();
            scaling.grow(many);
            harness.line(
                    "NOTE",
                    String.format(
                            Locale.ROOT,
                            "started %,d idle servers in %.1f s",
                            many - FEW_SERVERS,
                            (System.nanoTime() - t0) / 1e9));
            io.otp4j.bench.HeapProbe.usedAfterGc(); // settle the heap before measuring
            harness.timed("scaling_" + many, ROUND_TRIP_CALLS, scaling);
        }
    }

    private void runFlood() throws Exception {
        if (!selected("flood")) {
            return;
        }
        Contender.FloodOutcome flood = contender.flood(harness.settings().floodMessages(), FLOOD_CAPACITY, FLOOD_WORK);
        harness.line(
                "FLOOD",
                String.format(
                        Locale.ROOT,
                        "sent=%d accepted=%d rejected=%d handled=%d queued=%d peak_queue=%d heap_growth=%d"
                                + " send_ms=%.1f capacity=%d adds_up=%b",
                        flood.sent(),
                        flood.accepted(),
                        flood.rejected(),
                        flood.handled(),
                        flood.queued(),
                        flood.peakQueue(),
                        flood.heapGrowth(),
                        flood.sendNanos() / 1e6,
                        FLOOD_CAPACITY,
                        flood.addsUp()));
        harness.result("flood_heap_growth", new double[] {Math.max(0, flood.heapGrowth())}, "B");
        if (flood.peakQueue() >= 0) {
            harness.result("flood_peak_queue", new double[] {flood.peakQueue()}, "msgs");
        }
        harness.result("flood_send_rate", new double[] {flood.sent() * 1e9 / flood.sendNanos()}, "ops/s");
    }
}
