package io.otp4j.examples;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The load phase of the demo: the examples side by side under one node, each danger next to its cure, driven by
 * client processes for the demo's duration, with a progress line each second and a summary of what was measured.
 */
final class DemoRun {

    /** How long a simulated mail delivery takes. */
    static final Duration MAIL_LATENCY = Duration.ofMillis(20);

    /** Mails the batch job queues each second: 2 seconds of one sender's work. */
    static final int BATCH_PER_SECOND = 100;

    /** How long an urgent mail's caller waits. */
    static final Duration URGENT_TIMEOUT = Duration.ofSeconds(1);

    /** Batch senders of the cure. */
    static final int MAIL_PARTITIONS = 8;

    /** Shards of the sharded rate limiter. */
    static final int LIMITER_SHARDS = 8;

    /** Parser workers. */
    static final int PARSERS = 4;

    /** How often a parser client sends one bad input: a few crashes a second, well within the intensity. */
    static final Duration BAD_INPUT_EVERY = Duration.ofMillis(500);

    /** The keys of the limiter and the caches. */
    static final int KEYS = 1_000;

    /** How long the catalog's load takes. */
    static final Duration CATALOG_LOAD = Duration.ofMillis(500);

    /** The kinds of client, one per danger's two sides; client {@code i} runs kind {@code i % KINDS}. */
    private enum Kind {
        LIMITER_ONE("rate limiter, one server"),
        LIMITER_SHARDED("rate limiter, " + LIMITER_SHARDS + " shards"),
        CACHE_SERVER("cache, GenServer map"),
        CACHE_TABLE("cache, table"),
        PARSER("parsers and counter");

        final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    private final Node node;
    private final Demo.Options options;
    private final PrintStream out;
    private final boolean terminal;

    private final LongAdder[] calls = new LongAdder[Kind.values().length];
    private final LongAdder crashes = new LongAdder();
    private final LongAdder refusedWhileRestarting = new LongAdder();
    private final LongAdder parsedByOthers = new LongAdder();
    private final LongAccumulator maxMailerBacklog = new LongAccumulator(Math::max, 0);
    private final LongAccumulator maxCureBacklog = new LongAccumulator(Math::max, 0);
    private final LongAccumulator maxLimiterMailbox = new LongAccumulator(Math::max, 0);
    private final LongAccumulator maxCacheServerMailbox = new LongAccumulator(Math::max, 0);
    private final Latencies urgentSingle = new Latencies();
    private final Latencies urgentCure = new Latencies();

    private DemoRun(Node node, Demo.Options options, PrintStream out, boolean terminal) {
        this.node = node;
        this.options = options;
        this.out = out;
        this.terminal = terminal;
        for (int i = 0; i < calls.length; i++) {
            calls[i] = new LongAdder();
        }
    }

    /** Runs the load phase on {@code node} and prints its progress and summary to {@code out}. */
    static void run(Node node, Demo.Options options, PrintStream out, boolean terminal) throws Exception {
        new DemoRun(node, options, out, terminal).run();
    }

    private void run() throws Exception {
        out.println("\n2. A supervision tree of the examples");
        Duration slowStart = timeStart("catalog.eager", Catalog.Loading.IN_INIT);
        long treeStart = System.nanoTime();
        MailDelivery.Simulated singleDelivery = MailDelivery.simulated(node.clock(), MAIL_LATENCY);
        MailDelivery.Simulated cureDelivery = MailDelivery.simulated(node.clock(), MAIL_LATENCY);
        Supervisor root = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(
                        ChildSpec.worker("counter", () -> Counter.server(0), named("counter")),
                        ChildSpec.worker(
                                "limiter", () -> RateLimiter.server(100, 1_000_000.0, node.clock()), named("limiter")),
                        Catalog.childSpec(
                                "catalog",
                                Catalog.Loading.IN_CONTINUE,
                                Catalog.simulatedSource(node.clock(), CATALOG_LOAD, KEYS)),
                        ChildSpec.worker("mailer", () -> SingleMailer.server(singleDelivery), named("mailer"))),
                named("demo"));
        Duration fastStart = Duration.ofNanos(System.nanoTime() - treeStart);
        Counter counter = Counter.whereis(node, "counter").orElseThrow();
        RateLimiter limiter = RateLimiter.whereis(node, "limiter").orElseThrow();
        SingleMailer mailer = SingleMailer.whereis(node, "mailer").orElseThrow();
        ShardedRateLimiter sharded = ShardedRateLimiter.start(node, "limiters", LIMITER_SHARDS, 100, 1_000_000.0);
        PartitionedMailer cure = PartitionedMailer.start(node, "mail", cureDelivery, MAIL_PARTITIONS);
        Parsers parsers = Parsers.start(node, "parsers", PARSERS, 100, Duration.ofSeconds(1));
        MapServerCache<String, String> serverCache = MapServerCache.start(node, "cache.server", DemoRun::price);
        TableCache<String, String> tableCache = TableCache.start(node, "cache.table", DemoRun::price);
        out.printf(
                Locale.ROOT,
                "   demo (one_for_one): counter, limiter, catalog (loads in handleContinue), mailer%n"
                        + "   limiters (PartitionSupervisor, %d shards)   mail (PartitionSupervisor, %d senders)"
                        + " + mail.urgent (desk with its TaskSupervisor)%n"
                        + "   parsers (one_for_one, %d workers)   cache.server (GenServer map)   cache.table (table"
                        + " owner)%n",
                LIMITER_SHARDS,
                MAIL_PARTITIONS,
                PARSERS);
        out.printf(
                Locale.ROOT,
                "   the tree started in %.1f ms; the catalog has %,d items (its %d ms load ran after the start)%n",
                fastStart.toNanos() / 1e6,
                Catalog.size(node, "catalog"),
                CATALOG_LOAD.toMillis());

        out.printf(
                Locale.ROOT,
                "%n3. Load: %d client processes for %d s (%s)%n",
                options.load(),
                options.duration(),
                terminal ? "one line, refreshed each second" : "a line each second");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(options.duration());
        CountDownLatch finished = new CountDownLatch(options.load() + 3);
        List<ProcessBody> bodies = new ArrayList<>();
        bodies.add(self -> batchJob(self, deadline, mailer, cure));
        bodies.add(self -> urgentCaller(self, deadline, mail -> mailer.sendUrgent(mail, URGENT_TIMEOUT), urgentSingle));
        bodies.add(self -> urgentCaller(self, deadline, mail -> cure.sendUrgent(mail, URGENT_TIMEOUT), urgentCure));
        for (int i = 0; i < options.load(); i++) {
            Kind kind = Kind.values()[i % Kind.values().length];
            int seed = i;
            bodies.add(self ->
                    client(self, kind, seed, deadline, counter, limiter, sharded, parsers, serverCache, tableCache));
        }
        // A process starts the clients, and each waits for the go-ahead: virtual threads started and woken from a
        // virtual thread queue on the carriers beside the running ones. Started from this platform thread, most
        // of them waited behind clients that yield while they wait for replies (see the report of issue 8).
        node.spawn(driver -> {
            List<Pid> clients = new ArrayList<>();
            for (ProcessBody body : bodies) {
                clients.add(driver.spawn(self -> {
                    try {
                        self.receive(Go.class);
                        body.run(self);
                    } finally {
                        finished.countDown();
                    }
                }));
            }
            for (Pid client : clients) {
                driver.send(client, new Go());
            }
        });
        progress(deadline, finished, parsers, () -> mailer.backlog(), () -> cure.backlog(), limiter, serverCache);
        if (!finished.await(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the demo's clients did not finish within 30 s of the end of the load");
        }
        summary(slowStart, fastStart, parsers, singleDelivery, cureDelivery, counter);
        root.stop();
    }

    /**
     * A client pauses after this many requests. Virtual threads are not preempted: without pauses, clients that
     * never block (table readers) or that wake their servers and are woken by them keep the carriers busy, and
     * threads woken from outside (by a timer, such as a simulated mail delivery finishing) waited for seconds (see
     * docs/demo.md). The pauses cap a client near this many requests a millisecond, which makes the figure of the
     * fastest kind (table reads) a lower bound.
     */
    static final int PAUSE_EVERY = 64;

    /** How long a client pauses. */
    static final Duration PAUSE = Duration.ofMillis(1);

    /** Never sent: a client waits for it for {@link #PAUSE}. */
    private record Pause() {}

    /** The clients' go-ahead. */
    private record Go() {}

    private static StartOptions named(String name) {
        return StartOptions.defaults().withName(name);
    }

    private static String price(String sku) {
        return sku + ": " + (Math.floorMod(sku.hashCode(), 10_000) / 100.0) + " EUR";
    }

    /** {@return how long a supervisor with one catalog child took to start}; the supervisor is stopped again. */
    private Duration timeStart(String name, Catalog.Loading loading) {
        long start = System.nanoTime();
        Supervisor supervisor = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(Catalog.childSpec(name, loading, Catalog.simulatedSource(node.clock(), CATALOG_LOAD, KEYS))));
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        supervisor.stop();
        out.printf(
                Locale.ROOT,
                "   a supervisor whose catalog loads in init took %.1f ms to start (the load takes %d ms)%n",
                took.toNanos() / 1e6,
                CATALOG_LOAD.toMillis());
        return took;
    }

    private void client(
            ProcessContext self,
            Kind kind,
            int seed,
            long deadline,
            Counter counter,
            RateLimiter limiter,
            ShardedRateLimiter sharded,
            Parsers parsers,
            ReadCache<String, String> serverCache,
            ReadCache<String, String> tableCache) {
        SplittableRandom random = new SplittableRandom(seed);
        LongAdder done = calls[kind.ordinal()];
        long n = 0;
        long lastBad = System.nanoTime();
        while (System.nanoTime() - deadline < 0) {
            String key = "user-" + random.nextInt(KEYS);
            boolean served = true;
            switch (kind) {
                case LIMITER_ONE -> limiter.tryAcquire(key);
                case LIMITER_SHARDED -> sharded.tryAcquire(key);
                case CACHE_SERVER -> serverCache.get("sku-" + random.nextInt(KEYS));
                case CACHE_TABLE -> tableCache.get("sku-" + random.nextInt(KEYS));
                case PARSER -> {
                    long now = System.nanoTime();
                    boolean bad = now - lastBad > BAD_INPUT_EVERY.toNanos();
                    if (bad) {
                        lastBad = now;
                    }
                    served = parse(parsers, random, bad, counter); // false: refused during a restart
                }
            }
            if (served) {
                done.increment();
            }
            if (++n % PAUSE_EVERY == 0) {
                self.receive(Pause.class, PAUSE); // lets the carriers run threads woken from outside; see PAUSE_EVERY
            }
        }
    }

    /** {@return whether a worker answered (even with a crash), not refused the request while restarting} */
    private boolean parse(Parsers parsers, SplittableRandom random, boolean bad, Counter counter) {
        int worker = random.nextInt(parsers.workers());
        try {
            parsers.parse(worker, bad ? "twelve" : Integer.toString(random.nextInt(1_000)));
            counter.increment(1);
            if (crashes.sum() > 0) {
                parsedByOthers.increment(); // served while some worker has crashed and been restarted
            }
        } catch (ServerExitedException e) {
            crashes.increment(); // this or an earlier bad input crashed the worker; the supervisor restarts it
        } catch (IllegalStateException e) {
            refusedWhileRestarting.increment(); // the worker is between its crash and its restart
            return false;
        }
        return true;
    }

    private void batchJob(ProcessContext self, long deadline, SingleMailer mailer, PartitionedMailer cure) {
        int round = 0;
        while (System.nanoTime() - deadline < 0) {
            List<Mail> batch = new ArrayList<>(BATCH_PER_SECOND);
            for (int i = 0; i < BATCH_PER_SECOND; i++) {
                batch.add(new Mail("customer-" + (round * BATCH_PER_SECOND + i) + "@example.com", "newsletter"));
            }
            mailer.sendBatch(batch);
            cure.sendBatch(batch);
            round++;
            self.receive(Duration.ofSeconds(1)); // nothing comes: waits a second on the node's clock
        }
    }

    /** Sends an urgent mail every 200 ms through {@code send}, and records how long each took. */
    private static void urgentCaller(ProcessContext self, long deadline, Consumer<Mail> send, Latencies latencies) {
        int n = 0;
        while (System.nanoTime() - deadline < 0) {
            Mail reset = new Mail("user-" + n++ + "@example.com", "your password reset code");
            long start = System.nanoTime();
            try {
                send.accept(reset);
                latencies.record(System.nanoTime() - start);
            } catch (CallTimeoutException e) {
                latencies.fail();
            }
            self.receive(Pause.class, Duration.ofMillis(200));
        }
    }

    private void progress(
            long deadline,
            CountDownLatch finished,
            Parsers parsers,
            IntSupplier mailerBacklog,
            IntSupplier cureBacklog,
            RateLimiter limiter,
            MapServerCache<String, String> serverCache)
            throws InterruptedException {
        long[] before = new long[calls.length];
        long last = System.nanoTime();
        int second = 0;
        while (System.nanoTime() - deadline < 0) {
            long next = Math.min(deadline, last + TimeUnit.SECONDS.toNanos(1));
            if (finished.await(Math.max(0, next - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                break;
            }
            long now = System.nanoTime();
            double seconds = (now - last) / 1e9;
            last = now;
            second++;
            long total = 0;
            StringBuilder rates = new StringBuilder();
            for (Kind kind : Kind.values()) {
                long count = calls[kind.ordinal()].sum();
                total += count - before[kind.ordinal()];
                before[kind.ordinal()] = count;
            }
            int mailerWaiting = mailerBacklog.getAsInt();
            int cureWaiting = cureBacklog.getAsInt();
            int limiterWaiting = mailboxLength(limiter.ref().pid());
            int cacheWaiting = mailboxLength(serverCache.server().pid());
            maxMailerBacklog.accumulate(mailerWaiting);
            maxCureBacklog.accumulate(cureWaiting);
            maxLimiterMailbox.accumulate(limiterWaiting);
            maxCacheServerMailbox.accumulate(cacheWaiting);
            rates.append(String.format(
                    Locale.ROOT,
                    "%3d s  %,10.0f calls/s   mailboxes: mailer %,5d  cure %,3d  limiter %,3d  cache %,3d"
                            + "   restarts %,d",
                    second,
                    total / seconds,
                    mailerWaiting,
                    cureWaiting,
                    limiterWaiting,
                    cacheWaiting,
                    parsers.restarts()));
            if (terminal) {
                out.print("\r   " + rates);
                out.flush();
            } else {
                out.println("   " + rates);
            }
        }
        if (terminal) {
            out.println();
        }
    }

    private int mailboxLength(Pid pid) {
        return node.info(pid).map(info -> info.mailboxLength()).orElse(0);
    }

    private void summary(
            Duration slowStart,
            Duration fastStart,
            Parsers parsers,
            MailDelivery.Simulated single,
            MailDelivery.Simulated cure,
            Counter counter) {
        double seconds = options.duration();
        out.println("\n4. Each danger and its cure, as measured");
        out.printf(
                Locale.ROOT,
                "   One server is a bottleneck: rate limiter checks, one server %,.0f/s (mailbox up to %,d)"
                        + " vs %d shards by key hash %,.0f/s%n",
                rate(Kind.LIMITER_ONE, seconds),
                maxLimiterMailbox.get(),
                LIMITER_SHARDS,
                rate(Kind.LIMITER_SHARDED, seconds));
        out.printf(
                Locale.ROOT,
                "   Slow work in a handler: urgent mail behind a batch (%d mails/s of %d ms each)%n"
                        + "     one mailer:  %s, %d of %d timed out after %d ms; backlog up to %,d"
                        + " mails (%,d delivered)%n"
                        + "     cure (%d partitioned senders, urgent mail in a task): %s, %d timed out;"
                        + " backlog up to %,d (%,d delivered)%n",
                BATCH_PER_SECOND,
                MAIL_LATENCY.toMillis(),
                median(urgentSingle),
                urgentSingle.failures(),
                urgentSingle.count() + urgentSingle.failures(),
                URGENT_TIMEOUT.toMillis(),
                maxMailerBacklog.get(),
                single.delivered(),
                MAIL_PARTITIONS,
                median(urgentCure),
                urgentCure.failures(),
                maxCureBacklog.get(),
                cure.delivered());
        out.printf(
                Locale.ROOT,
                "   Every read through one mailbox: cache reads, GenServer map %,.0f/s (mailbox up to %,d)"
                        + " vs table %,.0f/s%n",
                rate(Kind.CACHE_SERVER, seconds),
                maxCacheServerMailbox.get(),
                rate(Kind.CACHE_TABLE, seconds));
        out.printf(
                Locale.ROOT,
                "   A crash on bad input: %,d workers restarted by the supervisor; %,d calls failed with a crashing"
                        + " worker (the bad ones, and those queued behind them); %,d served after the first crash, %,d"
                        + " refused during a restart; the counter reached %,d%n",
                parsers.restarts(),
                crashes.sum(),
                parsedByOthers.sum(),
                refusedWhileRestarting.sum(),
                counter.get());
        if (!parsers.supervisor().isAlive()) {
            out.println("     the parsers' supervisor gave up: more crashes than its intensity allows");
        }
        out.printf(
                Locale.ROOT,
                "   Slow init: a supervisor waited %.1f ms for a catalog loading in init;"
                        + " the tree whose catalog loads in handleContinue started in %.1f ms%n",
                slowStart.toNanos() / 1e6,
                fastStart.toNanos() / 1e6);
    }

    private double rate(Kind kind, double seconds) {
        return calls[kind.ordinal()].sum() / seconds;
    }

    private static String median(Latencies latencies) {
        return latencies.count() == 0
                ? "none got through"
                : "median " + millis(latencies.percentile(0.5)) + ", max " + millis(latencies.percentile(1));
    }

    private static String millis(Duration d) {
        return String.format(Locale.ROOT, "%.1f ms", d.toNanos() / 1e6);
    }
}
