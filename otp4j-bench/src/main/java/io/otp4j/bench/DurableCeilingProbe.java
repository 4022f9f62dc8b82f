package io.otp4j.bench;

import io.otp4j.persistence.SqlStore;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Group commit against its store's ceiling, paired: acknowledged updates of event-sourced servers, driven two ways,
 * and {@link DurableServerBenchmark}'s plain JDBC inserting rows in transactions of up to 512 take turns in slices of
 * one second on the same store, so that the sides of each round see the same load of a shared machine. The servers
 * are driven by a client each, calling in a loop ({@code DurableServerBenchmark.durableClients}), and in rounds
 * that start when the last round's slowest server has answered (the JMH benchmark's {@code durableUpdates}, here
 * run back to back by one driver per slice: {@code DurableServerBenchmark.durableRounds}); and
 * the store is driven alone, with a writer thread per identity and no server ({@code
 * DurableServerBenchmark.storeWriters}), which shows what the servers' own cost takes from the rate. Prints
 * each side's median rate and the medians of the rounds' ratios. Arguments: the store ({@code
 * sqlite} or {@code postgresql}, the latter at {@code -Dotp4j.bench.postgres=jdbc:postgresql://...}), the pairs,
 * then the numbers of servers.
 *
 * <pre>
 * java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.DurableCeilingProbe sqlite 10 1 64 10000
 * </pre>
 */
public final class DurableCeilingProbe {

    private static final long SLICE_NANOS = 1_000_000_000L;

    /** The JVM's processor time, which SQLite's work is part of (it runs in the JVM) and PostgreSQL's is not. */
    private static final com.sun.management.OperatingSystemMXBean CPU = (com.sun.management.OperatingSystemMXBean)
            java.lang.management.ManagementFactory.getOperatingSystemMXBean();

    /** Whether the servers are pooled ({@code -Dotp4j.bench.pooled=true}); see {@link DurableServerBenchmark#pooled}. */
    private static final boolean POOLED = Boolean.getBoolean("otp4j.bench.pooled");

    /**
     * A PostgreSQL store's write connections ({@code -Dotp4j.bench.writers=N}, the store's default if not given); see
     * {@link DurableServerBenchmark#writers}.
     */
    private static final int WRITERS = Integer.getInteger("otp4j.bench.writers", SqlStore.POSTGRESQL_WRITERS);

    private DurableCeilingProbe() {}

    /** Runs the pairs for each number of servers and prints a line each. */
    public static void main(String[] args) throws Exception {
        if (args.length < 3) {
            throw new IllegalArgumentException("usage: DurableCeilingProbe sqlite|postgresql PAIRS SERVERS...");
        }
        String store = args[0];
        int pairs = Integer.parseInt(args[1]);
        for (int i = 2; i < args.length; i++) {
            probe(store, pairs, Integer.parseInt(args[i]));
        }
    }

    private static void probe(String store, int pairs, int servers) throws Exception {
        DurableServerBenchmark bench = new DurableServerBenchmark();
        bench.store = store;
        bench.servers = servers;
        bench.pooled = POOLED;
        bench.writers = WRITERS;
        bench.setup();
        try {
            DurableServerBenchmark.Counted counted = new DurableServerBenchmark.Counted();
            slice(() -> bench.durableUpdates(counted), counted); // warm every path once
            bench.durableRounds(SLICE_NANOS);
            bench.durableClients(SLICE_NANOS);
            bench.storeWriters(SLICE_NANOS);
            slice(() -> bench.rawBatchedInsert(counted), counted);
            double[] clients = new double[pairs];
            double[] cpu = new double[pairs];
            double[] rounds = new double[pairs];
            double[] raw = new double[pairs];
            double[] clientRatios = new double[pairs];
            double[] roundRatios = new double[pairs];
            double[] alone = new double[pairs];
            double[] aloneRatios = new double[pairs];
            for (int p = 0; p < pairs; p++) {
                long cpuBefore = CPU.getProcessCpuTime();
                long updates = bench.durableClients(SLICE_NANOS);
                cpu[p] = (CPU.getProcessCpuTime() - cpuBefore) / 1e3 / Math.max(1, updates);
                clients[p] = updates * 1e9 / SLICE_NANOS;
                long[] round = bench.durableRounds(SLICE_NANOS);
                rounds[p] = round[0] * 1e9 / round[1];
                alone[p] = bench.storeWriters(SLICE_NANOS) * 1e9 / SLICE_NANOS;
                raw[p] = slice(() -> bench.rawBatchedInsert(counted), counted);
                clientRatios[p] = clients[p] / raw[p];
                roundRatios[p] = rounds[p] / raw[p];
                aloneRatios[p] = alone[p] / raw[p];
            }
            System.out.printf(
                    Locale.ROOT,
                    "%s, %d servers%s%s: raw %,.0f/s (%s); a client per server %,.0f/s (%s), ratio median %.2f (%s);"
                            + " in rounds %,.0f/s (%s), ratio median %.2f (%s); the store alone %,.0f/s (%s), ratio"
                            + " median %.2f (%s); this JVM's processor time per update with a client per server"
                            + " %.1f µs (%s)%n",
                    store,
                    servers,
                    POOLED ? " (pooled)" : "",
                    "postgresql".equals(store) ? ", " + WRITERS + " write connection" + (WRITERS == 1 ? "" : "s") : "",
                    median(raw),
                    spread(raw, "%,.0f"),
                    median(clients),
                    spread(clients, "%,.0f"),
                    median(clientRatios),
                    spread(clientRatios, "%.2f"),
                    median(rounds),
                    spread(rounds, "%,.0f"),
                    median(roundRatios),
                    spread(roundRatios, "%.2f"),
                    median(alone),
                    spread(alone, "%,.0f"),
                    median(aloneRatios),
                    spread(aloneRatios, "%.2f"),
                    median(cpu),
                    spread(cpu, "%.1f"));
        } finally {
            bench.tearDown();
        }
    }

    /** A round of one workload. */
    @FunctionalInterface
    private interface Round {
        void run() throws Exception;
    }

    /** Runs rounds for about a second (at least one) and returns the updates or rows per second. */
    private static double slice(Round round, DurableServerBenchmark.Counted counted) throws Exception {
        counted.reset();
        long start = System.nanoTime();
        long elapsed;
        do {
            round.run();
            elapsed = System.nanoTime() - start;
        } while (elapsed < SLICE_NANOS);
        return counted.updates * 1e9 / elapsed;
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static String spread(double[] values, String format) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        List<String> ends = new ArrayList<>();
        ends.add(String.format(Locale.ROOT, format, sorted[0]));
        ends.add(String.format(Locale.ROOT, format, sorted[sorted.length - 1]));
        return String.join(" to ", ends);
    }
}
