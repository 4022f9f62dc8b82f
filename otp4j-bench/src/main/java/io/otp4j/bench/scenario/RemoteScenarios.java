package io.otp4j.bench.scenario;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Runs the remote workloads on one system and prints {@code ITER}/{@code RESULT} lines (see {@link Harness}):
 * this JVM is the driver, a second one (a {@link Peer}) holds the servers, both on 127.0.0.1. {@code
 * otp4j-bench/scenarios} runs it for otp4j and for bare JGroups, alternating with the BEAM's {@code
 * otp4j-bench/beam/remote.exs}.
 *
 * <pre>
 * usage: RemoteScenarios otp4j|jgroups [--quick] [--only REGEX] [--knobs SPEC]
 * </pre>
 *
 * <p>{@code --knobs} (bare JGroups only) sets what otp4j-cluster's stack leaves at JGroups' defaults: see {@link
 * JGroupsKnobs}.
 *
 * <ul>
 *   <li>{@code remote_call_rtt}: one client calls the peer's counter, {@value #ROUND_TRIPS} calls a batch;
 *       nanoseconds a call;
 *   <li>{@code remote_call_64}: 64 clients, {@value #CALLS} calls a batch; calls a second;
 *   <li>{@code remote_cast}: one client sends {@value #CASTS} casts to the peer's sink, which tells it when it has
 *       them all; casts a second;
 *   <li>{@code remote_nodedown}: a new peer is killed (SIGKILL); nanoseconds from the kill until the driver knows;
 *   <li>{@code cluster_register}: one client registers {@value #NAMES} new cluster-wide unique names a batch;
 *       names a second;
 *   <li>{@code cluster_lookup}: one client looks up {@value #NAMES} names held on the peer, {@value
 *       #LOOKUP_ROUNDS} times a batch; nanoseconds a lookup;
 *   <li>{@code cluster_join}: one client joins {@value #NAMES} new process groups a batch; joins a second;
 *   <li>{@code cluster_failover}: a new peer holding {@value #CHILDREN} supervised children is killed; nanoseconds
 *       from the kill until every child runs again on the driver.
 * </ul>
 *
 * <p>A system without the cluster's registry, groups or supervisor (bare JGroups) skips the {@code cluster_}
 * workloads.
 */
public final class RemoteScenarios {

    static final int ROUND_TRIPS = 1_000;
    static final int CALLERS = 64;
    static final int CALLS = 6_400;
    static final int CASTS = 10_000;
    static final int NAMES = 1_000;
    /** How many times a {@code cluster_lookup} batch looks every name up: its hand-offs then weigh little. */
    static final int LOOKUP_ROUNDS = 100;

    static final int CHILDREN = 10_000;

    /** The workloads, in the order they run. */
    static final List<String> WORKLOADS = List.of(
            "remote_call_rtt",
            "remote_call_64",
            "remote_cast",
            "remote_nodedown",
            "cluster_register",
            "cluster_lookup",
            "cluster_join",
            "cluster_failover");

    private final RemoteSide side;
    private final Harness harness;
    private final Pattern only;
    private final int children;

    RemoteScenarios(RemoteSide side, Harness harness, Pattern only) {
        this(side, harness, only, CHILDREN);
    }

    /** With {@code children} children in {@code cluster_failover} (fewer than {@value #CHILDREN}: a test's run). */
    RemoteScenarios(RemoteSide side, Harness harness, Pattern only, int children) {
        this.side = side;
        this.harness = harness;
        this.only = only;
        this.children = children;
    }

    public static void main(String[] args) throws Exception {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw usage("name the system first");
        }
        String system = args[0];
        if (!system.equals("otp4j") && !system.equals("jgroups")) {
            throw usage("unknown system " + system);
        }
        Settings settings = Settings.full();
        Pattern only = Pattern.compile("");
        JGroupsKnobs knobs = JGroupsKnobs.DEFAULT;
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--quick" -> settings = Settings.quick();
                case "--only" -> {
                    if (++i >= args.length) {
                        throw usage("--only needs a value");
                    }
                    only = Pattern.compile(args[i]);
                }
                case "--knobs" -> {
                    if (++i >= args.length || !system.equals("jgroups")) {
                        throw usage("--knobs needs a value, and only bare JGroups takes it");
                    }
                    knobs = JGroupsKnobs.parse(args[i]);
                }
                default -> throw usage("unknown option " + args[i]);
            }
        }
        PrintStream out = System.out;
        out.printf(
                Locale.ROOT,
                "# %s remote, Java %s, %d processors, virtual-thread parallelism %s, max heap %d MB%n",
                args[0],
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                System.getProperty("jdk.virtualThreadScheduler.parallelism", "default"),
                Runtime.getRuntime().maxMemory() >> 20);
        JGroupsKnobs chosen = knobs;
        Callable<RemoteSide> side = system.equals("otp4j") ? OtpRemote::new : () -> new JGroupsRemote(chosen);
        if (system.equals("jgroups")) {
            out.println("# knobs " + chosen.spec());
        }
        try (RemoteSide s = side.call()) {
            new RemoteScenarios(s, new Harness(settings, out), only).run();
        }
        System.exit(0);
    }

    private static IllegalArgumentException usage(String problem) {
        return new IllegalArgumentException(
                problem + "; usage: RemoteScenarios otp4j|jgroups [--quick] [--only REGEX] [--knobs SPEC]");
    }

    /** Runs the workloads {@code --only} selects. */
    void run() throws Exception {
        for (String workload : WORKLOADS) {
            if (only.matcher(workload).find()) {
                runOne(workload);
            }
        }
    }

    private void throughputIfAny(String workload, int ops, @Nullable Bench bench) throws Exception {
        if (bench != null) {
            try (bench) {
                harness.throughput(workload, ops, bench);
            }
        }
    }

    private void timedIfAny(String workload, int ops, @Nullable Bench bench) throws Exception {
        if (bench != null) {
            try (bench) {
                harness.timed(workload, ops, bench);
            }
        }
    }

    private void runOne(String workload) throws Exception {
        switch (workload) {
            case "remote_call_rtt" -> {
                try (Bench bench = side.calls(1, ROUND_TRIPS)) {
                    harness.timed(workload, ROUND_TRIPS, bench);
                }
            }
            case "remote_call_64" -> {
                try (Bench bench = side.calls(CALLERS, CALLS)) {
                    harness.throughput(workload, CALLS, bench);
                }
            }
            case "remote_cast" -> {
                try (Bench bench = side.casts(CASTS)) {
                    harness.throughput(workload, CASTS, bench);
                }
            }
            case "remote_nodedown" -> {
                try (Bench bench = side.nodeDown()) {
                    harness.samples(workload, bench);
                }
            }
            case "cluster_register" -> throughputIfAny(workload, NAMES, side.register(NAMES));
            case "cluster_lookup" -> timedIfAny(workload, NAMES * LOOKUP_ROUNDS, side.lookup(NAMES));
            case "cluster_join" -> throughputIfAny(workload, NAMES, side.join(NAMES));
            case "cluster_failover" -> {
                try (Bench bench = side.failover(children)) {
                    if (bench != null) {
                        harness.samples(workload, bench);
                    }
                }
            }
            default -> throw new IllegalArgumentException("unknown workload " + workload);
        }
    }
}
