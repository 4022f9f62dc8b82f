package io.otp4j.examples;

import io.otp4j.process.Delivery;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.Node;
import io.otp4j.process.OverflowPolicy;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessInfo;
import io.otp4j.process.SpawnOptions;
import java.io.Console;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.jspecify.annotations.Nullable;

/**
 * The demo the README runs ({@code ./demo}): otp4j doing the seed documents' jobs, each danger they describe
 * next to its cure, with the figures measured on this machine.
 *
 * <ol>
 *   <li>a ring of processes passing a token;
 *   <li>a supervision tree of the examples: {@link Counter}, {@link RateLimiter} and {@link ShardedRateLimiter},
 *       {@link SingleMailer} and {@link PartitionedMailer}, {@link Parsers}, {@link MapServerCache} and {@link
 *       TableCache}, and a {@link Catalog} that loads in {@code handleContinue};
 *   <li>load from client processes for {@code --duration} seconds, with a progress line each second (calls a
 *       second, mailbox lengths, restarts);
 *   <li>a summary of each danger and its cure, and a bounded mailbox under a flood.
 * </ol>
 *
 * <pre>
 * usage: demo [--cluster] [--duration SECONDS] [--load CLIENTS] [--help]
 * </pre>
 *
 * <p>With {@code --cluster} it runs {@link ClusterDemo} instead: three nodes in three JVMs, one of them killed.
 */
public final class Demo {

    /**
     * Parsed command line.
     *
     * @param duration seconds of load
     * @param load client processes driving the load (with {@code cluster}, on each node)
     * @param cluster whether to run the cluster demo ({@link ClusterDemo}) instead
     */
    record Options(int duration, int load, boolean cluster, boolean observe, int observePort) {

        /** The options without the dashboard. */
        Options(int duration, int load, boolean cluster) {
            this(duration, load, cluster, false, 0);
        }
    }

    /** A bad command line: the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = """
            usage: demo [--cluster | --observe [--port PORT] | --durable] [--duration SECONDS] [--load CLIENTS]
                        [--help]

              --cluster            three nodes on 127.0.0.1, this JVM and two it starts: the rate limiter's
                                   shards under a distributed supervisor over them, one node killed with
                                   kill -9 a third of the way in, its shards started again once each on
                                   the two left, and calls by name going on
              --observe            the demo with the observer's web dashboard on 127.0.0.1: prints its
                                   address and token, and keeps serving after the demo until Ctrl-C
              --durable            a durable counter (its count stored in SQLite before each reply) under
                                   load, killed a third of the way in: the restarted counter resumes
                                   from the last value it acknowledged
              --port PORT          the dashboard's port with --observe (0 to 65535; default 0, any free)
              --duration SECONDS   how long to drive load (1 to 3600; default 20)
              --load CLIENTS       client processes driving it, on each node with --cluster (1 to 10,000;
                                   default 20)
              --help               print this and exit
            """;

    /** Processes in the ring. */
    static final int RING_PROCESSES = 10_000;

    /** Hops the token makes. */
    static final long RING_HOPS = 100_000;

    private Demo() {}

    /**
     * Runs the demo; exits with 0 on success, 1 if the cluster demo's lost shards did not start again exactly once
     * each, and 2 on a bad command line.
     *
     * @param args the command line; see the class comment for its usage
     * @throws Exception if the demo fails in a way it does not handle
     */
    public static void main(String[] args) throws Exception {
        Options options;
        List<String> rest = new ArrayList<>(List.of(args));
        boolean durable = rest.remove("--durable");
        try {
            options = parse(rest.toArray(String[]::new));
            if (durable && options != null && (options.cluster() || options.observe())) {
                throw new UsageException("--durable runs alone, not with --cluster or --observe");
            }
        } catch (UsageException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.print(USAGE);
            return;
        }
        Logger otp4j = Logger.getLogger("io.otp4j");
        CrashReports reports = new CrashReports();
        otp4j.setUseParentHandlers(false); // the parsers crash on purpose: count their reports, do not print them
        otp4j.addHandler(reports);
        if (options.cluster()) {
            Logger jgroups = Logger.getLogger("org.jgroups");
            jgroups.setUseParentHandlers(false); // the lost node's warnings: counted, not shown
            jgroups.addHandler(reports);
            ClusterSummary summary = ClusterDemo.run(options, System.out);
            System.out.printf(
                    Locale.ROOT,
                    "%,d log records of otp4j and JGroups were written (the lost node's warnings; counted, not"
                            + " shown)%n",
                    reports.count.sum());
            if (!summary.restarts().exactlyOnce()) {
                System.err.println(
                        "demo: the killed node's shards did not start again exactly once each: " + summary.restarted());
                System.exit(1);
            }
            return;
        }
        if (options.observe()) {
            ObserveDemo.run(options, System.out, isTerminal());
            return;
        }
        if (durable) {
            if (!DurableDemo.run(options, System.out)) {
                System.exit(1);
            }
            return;
        }
        run(options, System.out, isTerminal());
        System.out.printf(
                Locale.ROOT,
                "%,d crash reports were written (the parsers crash on purpose; they were counted, not shown)%n",
                reports.count.sum());
    }

    /** {@return the options, or null when --help was asked for} */
    static @Nullable Options parse(String[] args) throws UsageException {
        int duration = 20;
        int load = 20;
        boolean cluster = false;
        boolean observe = false;
        int port = -1;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--duration" -> duration = (int) number(arg, args, ++i, 1, 3600);
                case "--load" -> load = (int) number(arg, args, ++i, 1, 10_000);
                case "--cluster" -> cluster = true;
                case "--observe" -> observe = true;
                case "--port" -> port = (int) number(arg, args, ++i, 0, 65_535);
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        if (observe && cluster) {
            throw new UsageException("--observe runs with the one-node demo, not with --cluster");
        }
        if (port >= 0 && !observe) {
            throw new UsageException("--port is the dashboard's port: give it with --observe");
        }
        return new Options(duration, load, cluster, observe, Math.max(0, port));
    }

    private static long number(String option, String[] args, int index, long min, long max) throws UsageException {
        if (index >= args.length) {
            throw new UsageException(option + " needs a number");
        }
        String text = args[index].replace("_", "").replace(",", "");
        long value;
        try {
            value = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new UsageException(option + " needs a whole number, not '" + args[index] + "'");
        }
        if (value < min || value > max) {
            throw new UsageException(option + " must be between " + min + " and " + max + ", was " + value);
        }
        return value;
    }

    /** {@return whether standard output is a terminal}, where the progress line is redrawn in place. */
    private static boolean isTerminal() {
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try { // Console.isTerminal exists from Java 22 on, where a console is there even when output is redirected
            return (Boolean) Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException e) {
            return true; // Java 21 gives a console only to a terminal
        }
    }

    /** Runs every part of the demo, printing to {@code out}; {@code terminal} redraws the progress line. */
    static void run(Options options, PrintStream out, boolean terminal) throws Exception {
        out.printf(
                Locale.ROOT,
                "otp4j demo on Java %s, %d cores%n%n",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        try (Node node = Node.start("demo")) {
            parts(node, options, out, terminal);
        }
        out.println("\nAll processes stopped; the node is closed.");
    }

    /** Runs the demo's parts on {@code node}: the ring, the tree under load, the bounded mailbox. */
    static void parts(Node node, Options options, PrintStream out, boolean terminal) throws Exception {
        ring(node, out);
        DemoRun.run(node, options, out, terminal);
        boundedMailbox(node, out);
    }

    /** Counts the log records of otp4j's loggers instead of printing them. */
    private static final class CrashReports extends Handler {
        final LongAdder count = new LongAdder();

        @Override
        public void publish(LogRecord record) {
            count.increment();
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }

    private static void ring(Node node, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "1. A ring of %,d processes passing one token%n", RING_PROCESSES);
        long spawnStart = System.nanoTime();
        try (Ring ring = Ring.start(node, RING_PROCESSES)) {
            long spawnNanos = System.nanoTime() - spawnStart;
            out.printf(
                    Locale.ROOT,
                    "   spawned in %.1f ms (%.2f µs a process)%n",
                    spawnNanos / 1e6,
                    spawnNanos / 1e3 / RING_PROCESSES);
            Duration took = ring.pass(RING_HOPS, Duration.ofMinutes(5));
            double perHop = (double) took.toNanos() / RING_HOPS;
            out.printf(
                    Locale.ROOT,
                    "   %,d hops in %.1f ms: %.0f ns a hop, %.2f million hops/s%n",
                    RING_HOPS,
                    took.toNanos() / 1e6,
                    perHop,
                    1e3 / perHop);
        }
    }

    private static void boundedMailbox(Node node, PrintStream out) throws Exception {
        out.println("\n5. An unbounded mailbox fills the heap under a flood; a bounded one does not");
        int capacity = 1_000;
        int sent = 100_000;
        CompletableFuture<Long> handled = new CompletableFuture<>();
        record Job(int n) {}
        record Done() {}
        Pid slow = node.spawn(
                SpawnOptions.defaults().withMailbox(MailboxConfig.bounded(capacity, OverflowPolicy.DROP_OLDEST)),
                self -> {
                    long count = 0;
                    while (true) {
                        Object message = self.receive();
                        if (message instanceof Done) {
                            handled.complete(count);
                            return;
                        }
                        count++;
                    }
                });
        node.suspend(slow); // stands in for a receiver busy with slow work while the flood arrives
        long dropped = 0;
        for (int i = 0; i < sent; i++) {
            if (node.send(slow, new Job(i)) == Delivery.ACCEPTED_DROPPED_OLDEST) {
                dropped++;
            }
        }
        ProcessInfo info = node.info(slow).orElseThrow();
        out.printf(
                Locale.ROOT,
                "   sent %,d messages to a suspended receiver with capacity %,d and policy DROP_OLDEST%n"
                        + "   mailbox length %,d, dropped %,d (the sender was told of each)%n",
                sent,
                capacity,
                info.mailboxLength(),
                info.droppedMessages());
        node.resume(slow);
        if (node.send(slow, new Done()) == Delivery.ACCEPTED_DROPPED_OLDEST) {
            dropped++;
        }
        long got = handled.get(30, TimeUnit.SECONDS);
        if (got != sent - dropped) {
            throw new IllegalStateException(
                    "lost messages: handled " + got + ", sent " + sent + ", dropped " + dropped);
        }
        out.printf(
                Locale.ROOT,
                "   the receiver handled %,d messages = %,d sent - %,d dropped: every accepted message arrived%n",
                got,
                sent,
                dropped);
    }
}
