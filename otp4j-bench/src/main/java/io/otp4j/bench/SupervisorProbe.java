package io.otp4j.bench;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.DynamicSupervisor;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The supervisor benchmarks, as a probe (each is one long operation, not a JMH microbenchmark), the same
 * workloads as {@code otp4j-bench/beam/supervisor_bench.erl}:
 *
 * <ul>
 *   <li>{@code restart_to_ready}: a one_for_one supervisor of one GenServer; a driver process kills the child and
 *       waits for the replacement's {@code init} to tell it it is ready; time per restart, over batches of {@code
 *       restarts};
 *   <li>{@code start_tree}: starting a supervisor of {@code children} idle GenServers, until its start returns
 *       (every child's init has run);
 *   <li>{@code shutdown_tree}: stopping that supervisor, until it is gone (every child stopped in reverse order,
 *       each waited for);
 *   <li>{@code start_dynamic}: {@code children} calls of {@code startChild} on a dynamic supervisor (OTP's
 *       simple_one_for_one), one after the other, each until the child's init has run;
 *   <li>{@code shutdown_dynamic}: stopping that supervisor, which signals all its children at once and waits for
 *       them all.
 * </ul>
 *
 * The supervisor's reports (one per killed child) are switched off on both sides.
 *
 * <p>Output: {@code ITER <workload> <value> <unit>} per measured round, then {@code RESULT <workload> <median>
 * <unit>}. One warm-up round comes first and is not printed.
 *
 * <p>Run: {@code java -Xmx3g -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.SupervisorProbe [children]
 * [restarts] [rounds]} (defaults 100000, 2000, 5), or {@code otp4j-bench/run-supervisor} for both sides.
 */
public final class SupervisorProbe {

    /**
     * The supervisor's reports are switched off, here and on the BEAM side: the benchmarks measure supervision,
     * not the logger. Held so that {@code java.util.logging} keeps the setting.
     */
    private static final java.util.logging.Logger REPORTS = java.util.logging.Logger.getLogger("io.otp4j.supervisor");

    private SupervisorProbe() {}

    /** The replacement is ready: its init has run. */
    record Ready(Pid pid) {}

    /** A GenServer that only exists, and tells {@code driver} when its init has run. */
    record Idle(Pid driver) implements GenServer<Integer, io.otp4j.genserver.Call<?>, NoCast> {
        @Override
        public Init<Integer> init(ProcessContext self) {
            if (!driver.equals(self.node().pid())) {
                self.send(driver, new Ready(self.self()));
            }
            return Init.ok(0);
        }
    }

    public static void main(String[] args) throws Exception {
        REPORTS.setLevel(java.util.logging.Level.OFF);
        int children = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int restarts = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 5;
        System.out.println("# java " + Runtime.version() + ", "
                + Runtime.getRuntime().availableProcessors() + " processors, parallelism "
                + System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"));
        try (Node node = Node.start("bench")) {
            report("restart_to_ready", "ns/op", rounds, () -> restartToReady(node, restarts));
            startAndShutdown(node, children, rounds, "tree", SupervisorProbe::tree);
            startAndShutdown(node, children, rounds, "dynamic", SupervisorProbe::dynamic);
        }
    }

    /** Starts and stops a supervisor of {@code children}; {@return the two times in milliseconds} */
    interface StartAndStop {
        double[] run(Node node, int children) throws Exception;
    }

    private static void startAndShutdown(Node node, int children, int rounds, String kind, StartAndStop tree)
            throws Exception {
        double[] start = new double[rounds];
        double[] shutdown = new double[rounds];
        for (int round = -1; round < rounds; round++) {
            double[] times = tree.run(node, children);
            if (node.processCount() > 1) {
                System.out.println("# note: " + node.processCount() + " processes left after the shutdown returned");
            }
            if (round >= 0) {
                start[round] = times[0];
                shutdown[round] = times[1];
                System.out.printf("ITER start_%s_%d %.1f ms%n", kind, children, times[0]);
                System.out.printf("ITER shutdown_%s_%d %.1f ms%n", kind, children, times[1]);
            }
        }
        System.out.printf("RESULT start_%s_%d %.1f ms%n", kind, children, median(start));
        System.out.printf("RESULT shutdown_%s_%d %.1f ms%n", kind, children, median(shutdown));
    }

    interface Round {
        double run() throws Exception;
    }

    private static void report(String name, String unit, int rounds, Round round) throws Exception {
        round.run(); // warm-up
        double[] values = new double[rounds];
        for (int i = 0; i < rounds; i++) {
            values[i] = round.run();
            System.out.printf("ITER %s %.1f %s%n", name, values[i], unit);
        }
        System.out.printf("RESULT %s %.1f %s%n", name, median(values), unit);
    }

    /** {@return the mean time from a kill to the replacement's ready message, in nanoseconds} */
    private static double restartToReady(Node node, int restarts) {
        CompletableFuture<Double> result = new CompletableFuture<>();
        node.spawn(self -> {
            SupervisorFlags flags = SupervisorFlags.oneForOne().withIntensity(1_000_000, Duration.ofSeconds(1));
            Supervisor sup =
                    Supervisor.startLink(self, flags, List.of(ChildSpec.worker("worker", () -> new Idle(self.self()))));
            Pid child = self.receive(Ready.class).pid();
            long start = System.nanoTime();
            for (int i = 0; i < restarts; i++) {
                self.exit(child, ExitReason.kill());
                child = self.receive(Ready.class).pid();
            }
            result.complete((System.nanoTime() - start) / (double) restarts);
            sup.stop();
        });
        return result.join();
    }

    /** {@return the start and the shutdown time of a tree of {@code children}, in milliseconds} */
    private static double[] tree(Node node, int children) {
        List<ChildSpec> specs = new ArrayList<>(children);
        Pid none = node.pid();
        for (int i = 0; i < children; i++) {
            specs.add(ChildSpec.worker(Integer.toString(i), () -> new Idle(none)));
        }
        long t0 = System.nanoTime();
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), specs);
        long t1 = System.nanoTime();
        sup.stop();
        long t2 = System.nanoTime();
        return new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6};
    }

    /** {@return the time to start {@code children} children of a dynamic supervisor, and to stop it, in ms} */
    private static double[] dynamic(Node node, int children) {
        Pid none = node.pid();
        ChildSpec spec = ChildSpec.worker("idle", () -> new Idle(none));
        CompletableFuture<double[]> times = new CompletableFuture<>();
        // The driver is a process, as on the BEAM: a call from a platform thread would time that thread's wake-ups.
        node.spawn(self -> {
            DynamicSupervisor sup = DynamicSupervisor.start(node);
            long t0 = System.nanoTime();
            for (int i = 0; i < children; i++) {
                sup.startChild(spec);
            }
            long t1 = System.nanoTime();
            sup.stop();
            long t2 = System.nanoTime();
            times.complete(new double[] {(t1 - t0) / 1e6, (t2 - t1) / 1e6});
        });
        return times.join();
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
