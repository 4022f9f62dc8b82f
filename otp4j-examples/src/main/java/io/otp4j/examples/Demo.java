package io.otp4j.examples;

import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.Node;
import io.otp4j.process.OverflowPolicy;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessInfo;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.SpawnedMonitor;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The demo the README runs: a ring of processes passing a token, then links, monitors and a bounded
 * mailbox at work, each with the figures it measured.
 *
 * <pre>
 * usage: demo [--processes N] [--hops H] [--rounds R] [--help]
 * </pre>
 */
public final class Demo {

    /** Parsed command line. */
    record Options(int processes, long hops, int rounds) {}

    /** A bad command line: the message says what is wrong. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static final String USAGE = """
            usage: demo [--processes N] [--hops H] [--rounds R] [--help]

              --processes N   processes in the ring (2 to 10,000,000; default 10,000)
              --hops H        hops the token makes per round (at least 1; default 1,000,000)
              --rounds R      rounds to time (1 to 100; default 3)
              --help          print this and exit
            """;

    private Demo() {}

    /** Runs the demo; exits with 0 on success and 2 on a bad command line. */
    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
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
        run(options, System.out);
    }

    /** {@return the options, or null when --help was asked for} */
    static @org.jspecify.annotations.Nullable Options parse(String[] args) throws UsageException {
        int processes = 10_000;
        long hops = 1_000_000;
        int rounds = 3;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            switch (arg) {
                case "--help", "-h" -> {
                    return null;
                }
                case "--processes" -> processes = (int) number(arg, args, ++i, 2, 10_000_000);
                case "--hops" -> hops = number(arg, args, ++i, 1, Long.MAX_VALUE);
                case "--rounds" -> rounds = (int) number(arg, args, ++i, 1, 100);
                default -> throw new UsageException("unknown option '" + arg + "'");
            }
        }
        return new Options(processes, hops, rounds);
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

    /** Runs every part of the demo, printing to {@code out}. */
    static void run(Options options, PrintStream out) throws Exception {
        out.printf(
                Locale.ROOT,
                "otp4j demo on Java %s, %d cores%n%n",
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());
        try (Node node = Node.start("demo")) {
            ring(node, options, out);
            links(node, out);
            boundedMailbox(node, out);
        }
        out.println("\nAll processes stopped; the node is closed.");
    }

    private static void ring(Node node, Options options, PrintStream out) throws Exception {
        out.printf(Locale.ROOT, "1. A ring of %,d processes passing one token%n", options.processes());
        long spawnStart = System.nanoTime();
        try (Ring ring = Ring.start(node, options.processes())) {
            long spawnNanos = System.nanoTime() - spawnStart;
            out.printf(
                    Locale.ROOT,
                    "   spawned in %.1f ms (%.2f µs a process)%n",
                    spawnNanos / 1e6,
                    spawnNanos / 1e3 / options.processes());
            for (int round = 1; round <= options.rounds(); round++) {
                Duration took = ring.pass(options.hops(), Duration.ofMinutes(5));
                double perHop = (double) took.toNanos() / options.hops();
                out.printf(
                        Locale.ROOT,
                        "   round %d: %,d hops in %.1f ms: %.0f ns a hop, %.2f million hops/s%n",
                        round,
                        options.hops(),
                        took.toNanos() / 1e6,
                        perHop,
                        1e3 / perHop);
            }
        }
    }

    record Work(int input) {}

    private static void links(Node node, PrintStream out) throws Exception {
        out.println("\n2. Links and monitors: a worker crashes on bad input");
        CompletableFuture<String> seen = new CompletableFuture<>();
        node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
            Pid worker = self.spawnLink(w -> {
                Work work = w.receive(Work.class);
                if (work.input() < 0) {
                    throw new IllegalArgumentException("negative input " + work.input());
                }
            });
            SpawnedMonitor watched = self.spawnMonitor(w -> w.receive(Work.class));
            self.send(worker, new Work(-1));
            Exit exit = self.receive(Exit.class);
            self.exit(watched.pid(), ExitReason.shutdown("demo over"));
            Down down = self.receive(Down.class);
            seen.complete("   the linked worker " + exit.from() + " crashed; its trapping parent received Exit("
                    + exit.reason() + ")\n   a monitored process " + down.pid() + " was stopped; the monitor said Down("
                    + down.reason() + ")");
        });
        out.println(seen.get(30, TimeUnit.SECONDS));
    }

    private static void boundedMailbox(Node node, PrintStream out) throws Exception {
        out.println("\n3. A bounded mailbox keeps a flood from filling the heap");
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
