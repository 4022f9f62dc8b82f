package io.otp4j.examples;

import io.otp4j.examples.ClusterWire.Go;
import io.otp4j.examples.ClusterWire.Quit;
import io.otp4j.examples.ClusterWire.Ready;
import io.otp4j.examples.ClusterWire.Seen;
import io.otp4j.examples.ClusterWire.ShardStarted;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.io.IOException;
import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.ToIntFunction;

/**
 * The cluster demo ({@code ./demo --cluster}): three nodes, this JVM's and two JVMs it starts, join on 127.0.0.1;
 * the rate limiter's {@value LimiterShards#COUNT} shards are children of one distributed supervisor that runs on
 * all three, and clients on every node call each key's shard by its via name wherever it runs. A third of the way
 * through, one JVM is killed with {@code kill -9}: the survivors see it down, its shards start again on them, each
 * exactly once (the demo counts every shard's starts), calls caught by the loss fail with {@code noconnection} or
 * {@code noproc}, and calls by name go on. Every figure printed is measured; the JVMs started are stopped by their
 * pids.
 */
final class ClusterDemo {

    /** The nodes: this JVM's first, then the two it starts. */
    static final List<String> NODES = List.of("node-1", "node-2", "node-3");

    /** The node whose JVM is killed. */
    static final String VICTIM = "node-3";

    /** How long the nodes get to start and join. */
    static final Duration JOIN_BOUND = Duration.ofSeconds(60);

    /** How long the survivors get to send their last figures after the load. */
    static final Duration REPORT_BOUND = Duration.ofSeconds(15);

    private final Demo.Options options;
    private final PrintStream out;
    private final ClusterFigures figures = new ClusterFigures();
    private final BlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    private final long startedNanos = System.nanoTime();
    private long killMicros;

    private ClusterDemo(Demo.Options options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    /** Runs the cluster demo, printing to {@code out}; {@return the figures of its summary} */
    static ClusterSummary run(Demo.Options options, PrintStream out) throws Exception {
        return new ClusterDemo(options, out).run();
    }

    private ClusterSummary run() throws Exception {
        out.printf(
                Locale.ROOT,
                "otp4j cluster demo on Java %s, %d cores: %d nodes, each a JVM of its own, on 127.0.0.1%n%n",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors(),
                NODES.size());
        List<String> members = new ArrayList<>();
        Map<String, Integer> ports = new TreeMap<>();
        for (String name : NODES) {
            int port = ClusterJvms.freePort();
            ports.put(name, port);
            members.add("127.0.0.1:" + port);
        }
        ToIntFunction<String> portOf = name -> Objects.requireNonNull(ports.get(name), name);
        String clusterName = "otp4j-demo-" + UUID.randomUUID();
        String secret = secret();
        String control = NODES.get(0);
        try (Node node = Node.start(control);
                ClusterJvms jvms = new ClusterJvms()) {
            Pid controlPid = node.spawn(self -> {
                while (true) {
                    inbox.add(self.receive());
                }
            });
            node.register(ClusterMember.CONTROL, controlPid);
            out.println("1. Three nodes join");
            ClusterMember member = ClusterMember.start(
                    node,
                    ClusterNode.config(clusterName, portOf.applyAsInt(control), members, secret),
                    control,
                    NODES.size());
            try {
                out.printf(
                        Locale.ROOT,
                        "   %s: this JVM (pid %d), listening on 127.0.0.1:%d%n",
                        control,
                        ProcessHandle.current().pid(),
                        portOf.applyAsInt(control));
                for (String name : NODES.subList(1, NODES.size())) {
                    ClusterNode.Arguments arguments =
                            new ClusterNode.Arguments(name, portOf.applyAsInt(name), members, clusterName, control);
                    Process process = jvms.start(name, arguments.toArgs(), secret);
                    out.printf(
                            Locale.ROOT,
                            "   %s: started a JVM (pid %d), listening on 127.0.0.1:%d%n",
                            name,
                            process.pid(),
                            portOf.applyAsInt(name));
                }
                awaitReady(jvms);
                startShards(member);
                ClusterSummary summary = load(member, jvms);
                summary.print(out);
                stop(member, jvms);
                return summary;
            } finally {
                member.close();
            }
        }
    }

    private static String secret() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return Base64.getEncoder().encodeToString(bytes);
    }

    private long sinceStartMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }

    /**
     * Lets the started JVMs join one at a time, each once this node has seen the one before it up, and waits for
     * every node to be ready, printing what they see; fails naming a JVM that died or did not join. One join at a
     * time: two JVMs that join together on a loaded machine can miss this node and found a cluster of their own.
     */
    private void awaitReady(ClusterJvms jvms) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + JOIN_BOUND.toNanos();
        List<String> toJoin = new ArrayList<>(NODES.subList(1, NODES.size()));
        String joining = toJoin.remove(0);
        jvms.cue(joining);
        while (figures.ready().size() < NODES.size()) {
            for (String name : NODES.subList(1, NODES.size())) {
                Process process = jvms.process(name);
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + "'s JVM (pid " + process.pid() + ") exited with "
                            + process.exitValue() + " before it joined; its last output:\n" + jvms.tail(name, 30));
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                StringBuilder tails = new StringBuilder();
                NODES.subList(1, NODES.size())
                        .forEach(name -> tails.append("\n--- ")
                                .append(name)
                                .append(":\n")
                                .append(jvms.tail(name, 30)));
                throw new IllegalStateException("the nodes were not all ready within " + JOIN_BOUND + ": ready "
                        + figures.ready().keySet() + tails);
            }
            Object message = inbox.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (message != null) {
                figures.add(message);
                if (message instanceof Seen seen && seen.event().equals("NodeUp")) {
                    out.printf(
                            Locale.ROOT,
                            "   %,6d ms  %s sees NodeUp %s%n",
                            sinceStartMillis(),
                            seen.node(),
                            seen.about());
                    if (seen.node().equals(NODES.get(0)) && seen.about().equals(joining) && !toJoin.isEmpty()) {
                        joining = toJoin.remove(0);
                        jvms.cue(joining);
                    }
                } else if (message instanceof Ready ready) {
                    out.printf(
                            Locale.ROOT,
                            "   %,6d ms  %s is ready: sees %s; the supervisor runs on %s%n",
                            sinceStartMillis(),
                            ready.node(),
                            String.join(" and ", ready.sees()),
                            String.join(", ", ready.supervisedOn()));
                }
            }
        }
    }

    /**
     * Adds the shards to the distributed supervisor, from this node, and waits until every one has started
     * (reported by its {@code init}), printing where each runs; fails if they do not all start within {@link
     * #JOIN_BOUND}.
     */
    private void startShards(ClusterMember member) throws InterruptedException {
        out.printf(
                Locale.ROOT,
                "%n2. %d limiter shards, children of the distributed supervisor \"%s\" on every node%n",
                LimiterShards.COUNT,
                LimiterShards.SUPERVISOR);
        for (String id : LimiterShards.IDS) {
            member.shards().startChild(id, LimiterShards.KIND, id);
        }
        long deadline = System.nanoTime() + JOIN_BOUND.toNanos();
        while (figures.starts().runningAt(Long.MAX_VALUE).size() < LimiterShards.COUNT) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new IllegalStateException("the shards did not all start within " + JOIN_BOUND + ": started "
                        + figures.starts().runningAt(Long.MAX_VALUE));
            }
            Object message = inbox.poll(Math.min(left, TimeUnit.MILLISECONDS.toNanos(200)), TimeUnit.NANOSECONDS);
            if (message != null) {
                figures.add(message);
            }
        }
        Map<String, String> running = figures.starts().runningAt(Long.MAX_VALUE);
        Map<String, List<String>> byNode = new TreeMap<>();
        for (String id : LimiterShards.IDS) { // in the shards' order: shard-2 before shard-10
            byNode.computeIfAbsent(running.get(id), n -> new ArrayList<>()).add(id);
        }
        byNode.forEach((node, ids) -> out.printf(
                Locale.ROOT,
                "   %,6d ms  %s runs %d: %s%n",
                sinceStartMillis(),
                node,
                ids.size(),
                String.join(", ", ids)));
    }

    private ClusterSummary load(ClusterMember member, ClusterJvms jvms) throws InterruptedException {
        long durationMillis = TimeUnit.SECONDS.toMillis(options.duration());
        long killAfterMillis = durationMillis / 3; // two thirds for the survivors: the node-down takes about a second
        out.printf(
                Locale.ROOT,
                "%n3. Load: %d client processes on each node for %d s, each key checked at its shard, called by"
                        + " name;%n   %s is killed with kill -9 after %.1f s%n",
                options.load(),
                options.duration(),
                VICTIM,
                killAfterMillis / 1e3);
        for (String name : NODES) {
            member.cluster().send(name, ClusterMember.AGENT, new Go(durationMillis, options.load()));
        }
        long loadStart = System.nanoTime();
        long killAt = loadStart + TimeUnit.MILLISECONDS.toNanos(killAfterMillis);
        long deadline = loadStart + TimeUnit.MILLISECONDS.toNanos(durationMillis);
        ClusterProgress progress = new ClusterProgress(figures, NODES, out, loadStart);
        Process victim = jvms.process(VICTIM);
        boolean killed = false;
        // A quarter second after each second: the nodes report each second of their own, and their reports have come.
        long nextLine = loadStart + TimeUnit.MILLISECONDS.toNanos(1_250);
        long reportDeadline = deadline + REPORT_BOUND.toNanos();
        // After the load: the survivors' last figures, and (if they come within the bound) their sight of the loss
        // and the restarts of the lost shards.
        while (!(System.nanoTime() - deadline >= 0
                && survivorsFinished()
                && ((survivorsSawTheLoss() && lostShardsBack()) || System.nanoTime() - reportDeadline > 0))) {
            long now = System.nanoTime();
            if (now - reportDeadline > 0 && !survivorsFinished()) {
                throw new IllegalStateException("the survivors did not send their last figures within " + REPORT_BOUND
                        + " of the end of the load");
            }
            if (!killed && now - killAt >= 0) {
                killMicros = ChronoUnit.MICROS.between(Instant.EPOCH, Instant.now());
                victim.destroyForcibly();
                killed = true;
                out.printf(
                        Locale.ROOT,
                        "   %5.1f s  kill -9 %s (pid %d)%n",
                        (now - loadStart) / 1e9,
                        VICTIM,
                        victim.pid());
            }
            if (now - nextLine >= 0 && now - deadline < 0) {
                progress.line(member.live().size());
                nextLine += TimeUnit.SECONDS.toNanos(1);
            }
            long wake = killed ? nextLine : Math.min(nextLine, killAt);
            Object message = inbox.poll(Math.max(1, Math.min(wake - now, 50_000_000L)), TimeUnit.NANOSECONDS);
            if (message != null) {
                figures.add(message);
                if (killed && message instanceof Seen seen) {
                    progress.event(seen, killMicros);
                } else if (killed && message instanceof ShardStarted started) {
                    progress.started(started, killMicros);
                }
            }
        }
        int exit = victim.waitFor(5, TimeUnit.SECONDS) ? victim.exitValue() : -1;
        return ClusterSummary.of(figures, VICTIM, victim.pid(), exit, killMicros);
    }

    private boolean survivorsFinished() {
        return NODES.stream().filter(n -> !n.equals(VICTIM)).allMatch(figures::finished);
    }

    private boolean lostShardsBack() {
        return figures.starts().restarts(LimiterShards.IDS, VICTIM, killMicros).allBack();
    }

    private boolean survivorsSawTheLoss() {
        return NODES.stream().filter(n -> !n.equals(VICTIM)).allMatch(n -> figures.sawLoss(n, VICTIM));
    }

    /** Tells the children to quit and waits for them; {@link ClusterJvms#close} destroys what is left. */
    private void stop(ClusterMember member, ClusterJvms jvms) {
        for (String name : NODES.subList(1, NODES.size())) {
            if (!name.equals(VICTIM)) {
                member.cluster().send(name, ClusterMember.AGENT, new Quit());
            }
        }
        Map<String, Long> pids = jvms.pids();
        jvms.close();
        jvms.deleteLogs();
        StringBuilder stopped = new StringBuilder();
        pids.forEach((name, pid) -> {
            Process process = jvms.process(name);
            stopped.append(stopped.isEmpty() ? "" : ", ")
                    .append(name)
                    .append(" (pid ")
                    .append(pid)
                    .append(process.isAlive() ? ") still running!" : ") exited with " + process.exitValue());
        });
        out.println("\nThe JVMs this demo started are stopped: " + stopped + ".");
    }
}
