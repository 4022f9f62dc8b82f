package io.otp4j.bench.scenario;

import io.otp4j.bench.BenchCounter;
import io.otp4j.bench.HeapProbe;
import io.otp4j.examples.RateLimiter;
import io.otp4j.examples.Ring;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Response;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.ProcessInfo;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.IntConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The scenarios on otp4j: {@link BenchCounter}, the examples' {@link RateLimiter} and {@link Ring}, {@link
 * OtpMailer} and {@link OtpFlood}, on one node. Each client is a process that waits for a {@link Go}, does its
 * share of the batch and counts down the batch's latch.
 */
public final class OtpContender implements Contender {

    /** How long a batch may take before the scenario gives up on it. */
    static final Duration BATCH_BOUND = Duration.ofMinutes(2);

    private final Node node = Node.start("scenarios");

    /** Tells a client to do its share of a batch; it counts {@code done} down after. */
    record Go(CountDownLatch done) {}

    /** {@return a node to build on; closing the contender closes it} */
    Node node() {
        return node;
    }

    @Override
    public Bench calls(int callers, int total) {
        return calls(callers, total, false);
    }

    /** The same with the counter pooled ({@link StartOptions#withPooled()}); the clients are plain processes. */
    @Override
    public Bench pooledCalls(int callers, int total) {
        return calls(callers, total, true);
    }

    private Bench calls(int callers, int total, boolean pooled) {
        int each = share(total, callers);
        var counter = pooled ? BenchCounter.startPooled(node) : BenchCounter.start(node);
        return clients(callers, client -> {
            for (int i = 0; i < each; i++) {
                counter.call(BenchCounter.INCREMENT);
            }
        });
    }

    @Override
    public Bench requests(int callers, int total) {
        return requests(callers, total, false);
    }

    /** The same with the counter and the clients pooled ({@link StartOptions#withPooled()}). */
    @Override
    public Bench pooledRequests(int callers, int total) {
        return requests(callers, total, true);
    }

    private Bench requests(int callers, int total, boolean pooled) {
        int each = share(total, callers);
        var counter = pooled ? BenchCounter.startPooled(node) : BenchCounter.start(node);
        StartOptions options = pooled ? StartOptions.defaults().withPooled() : StartOptions.defaults();
        List<GenServerRef<Call<?>, Go>> clients = new ArrayList<>(callers);
        for (int c = 0; c < callers; c++) {
            clients.add(GenServer.start(node, new RequestClient(counter, each), options));
        }
        return batches(
                callers,
                go -> clients.forEach(c -> c.cast(go)),
                () -> clients.forEach(c -> node.exit(c.pid(), ExitReason.kill())));
    }

    /**
     * A client that is a server: on a {@link Go} it sends its first increment request, and each reply, which comes
     * to its {@code handleInfo} as a {@link Response}, sends the next, until it has made its share.
     */
    static final class RequestClient implements GenServer<RequestClient.Batch, Call<?>, Go> {
        private final GenServerRef<BenchCounter.Request<?>, BenchCounter.Message> counter;
        private final int each;
        private @Nullable Pid self;

        /** The batch in progress: how many requests are still to come back, and whom to tell at the end. */
        static final class Batch {
            int left;

            @Nullable
            CountDownLatch done;
        }

        RequestClient(GenServerRef<BenchCounter.Request<?>, BenchCounter.Message> counter, int each) {
            this.counter = counter;
            this.each = each;
        }

        @Override
        public Init<Batch> init(ProcessContext context) {
            self = context.self();
            return Init.ok(new Batch());
        }

        @Override
        public Result<Batch> handleCast(Go go, Batch batch) {
            batch.left = each;
            batch.done = go.done();
            counter.sendRequest(BenchCounter.INCREMENT, Objects.requireNonNull(self));
            return Results.noReply(batch);
        }

        @Override
        public Result<Batch> handleInfo(Object message, Batch batch) {
            ((Response<?>) message).reply(); // throws for a failed request, which crashes the client
            if (--batch.left > 0) {
                counter.sendRequest(BenchCounter.INCREMENT, Objects.requireNonNull(self));
            } else {
                Objects.requireNonNull(batch.done).countDown();
            }
            return Results.noReply(batch);
        }
    }

    @Override
    public Bench casts(int casts) {
        var counter = BenchCounter.start(node);
        return clients(1, client -> {
            for (int i = 0; i < casts; i++) {
                counter.cast(BenchCounter.ADD);
            }
            counter.call(BenchCounter.GET);
        });
    }

    @Override
    public Bench rateLimiter(int callers, int shards, int total) {
        int each = share(total, callers);
        // bursts of 100 keys' worth, refilled at 1,000 a second: some checks pass, some are refused
        KeyHashShards<RateLimiter> limiters = KeyHashShards.start(shards, i -> RateLimiter.start(node, 100, 1000.0));
        return clients(callers, client -> {
            for (int i = 0; i < each; i++) {
                String key = Work.key(client, i);
                limiters.route(key).tryAcquire(key);
            }
        });
    }

    @Override
    public Bench starts(int starts) {
        return starts(starts, false);
    }

    /** The same with the counters pooled ({@link StartOptions#withPooled()}). */
    @Override
    public Bench pooledStarts(int starts) {
        return starts(starts, true);
    }

    private Bench starts(int starts, boolean pooled) {
        record Batch(CompletableFuture<Long> elapsed) {}
        Pid starter = node.spawn(self -> {
            List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> started = new ArrayList<>(starts);
            while (true) {
                Batch batch = self.receive(Batch.class);
                long t0 = System.nanoTime();
                for (int i = 0; i < starts; i++) {
                    started.add(pooled ? BenchCounter.startPooled(self.node()) : BenchCounter.start(self.node()));
                }
                long elapsed = System.nanoTime() - t0;
                started.forEach(GenServerRef::stop);
                started.clear();
                batch.elapsed().complete(elapsed);
            }
        });
        return bench(
                () -> {
                    CompletableFuture<Long> elapsed = new CompletableFuture<>();
                    node.send(starter, new Batch(elapsed));
                    return await(elapsed);
                },
                () -> node.exit(starter, io.otp4j.process.ExitReason.kill()));
    }

    @Override
    public Bench ring(int size, int hops) {
        Ring ring = Ring.start(node, size);
        return bench(() -> ring.pass(hops, BATCH_BOUND).toNanos(), ring::close);
    }

    @Override
    public Bench mailer(boolean cured, int partitions, int jobs, Duration work) {
        OtpMailer mailer = cured ? OtpMailer.cured(node, partitions, work) : OtpMailer.bottleneck(node, work);
        record Batch(CompletableFuture<Long> latency) {}
        Pid client = node.spawn(self -> {
            while (true) {
                Batch batch = self.receive(Batch.class);
                batch.latency().complete(mailer.urgentBehind(self, jobs));
            }
        });
        return bench(
                () -> {
                    CompletableFuture<Long> latency = new CompletableFuture<>();
                    node.send(client, new Batch(latency));
                    return await(latency);
                },
                () -> {
                    node.exit(client, io.otp4j.process.ExitReason.kill());
                    mailer.stop();
                });
    }

    @Override
    public OptionalDouble memoryPerServer(int count, boolean hibernated) {
        String what = hibernated ? "hibernated GenServers" : "idle GenServers";
        return OptionalDouble.of(HeapProbe.measure(what, count, 1, n -> BenchCounter.startMany(n, count, hibernated)));
    }

    @Override
    public Scaling scaling(int few, int calls) {
        List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> servers = new ArrayList<>();
        for (int i = 0; i < few; i++) {
            servers.add(BenchCounter.start(node));
        }
        var target = servers.get(0);
        Bench bench = clients(1, client -> {
            for (int i = 0; i < calls; i++) {
                target.call(BenchCounter.INCREMENT);
            }
        });
        return Scaling.of(bench, few, more -> BenchCounter.startMany(node, more, false));
    }

    @Override
    public FloodOutcome flood(int messages, int capacity, Duration work) throws Exception {
        return OtpFlood.run(node, messages, capacity, work);
    }

    /** {@return the length of {@code pid}'s mailbox, or 0 if it is gone} */
    static int mailboxLength(Node node, Pid pid) {
        return node.info(pid).map(ProcessInfo::mailboxLength).orElse(0);
    }

    @Override
    public void close() {
        node.close();
    }

    private Bench clients(int count, IntConsumer share) {
        return clients(node, count, share);
    }

    /**
     * Spawns {@code count} client processes on {@code node}; a batch tells each to run {@code share} with its index
     * and waits for all.
     */
    static Bench clients(Node node, int count, IntConsumer share) {
        List<Pid> clients = new ArrayList<>(count);
        for (int c = 0; c < count; c++) {
            int index = c;
            clients.add(node.spawn((ProcessContext self) -> {
                while (true) {
                    Go go = self.receive(Go.class);
                    share.accept(index);
                    go.done().countDown();
                }
            }));
        }
        return batches(
                count,
                go -> clients.forEach(c -> node.send(c, go)),
                () -> clients.forEach(c -> node.exit(c, ExitReason.kill())));
    }

    /**
     * A bench whose batch hands each of {@code count} clients a {@link Go} through {@code start} and waits until all
     * have counted it down; {@code close} ends the clients.
     */
    private static Bench batches(int count, Consumer<Go> start, Runnable close) {
        return bench(
                () -> {
                    Go go = new Go(new CountDownLatch(count));
                    long t0 = System.nanoTime();
                    start.accept(go);
                    if (!go.done().await(BATCH_BOUND.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new TimeoutException(
                                "a batch of " + count + " clients did not end within " + BATCH_BOUND);
                    }
                    return System.nanoTime() - t0;
                },
                close);
    }

    /** {@return {@code total / parts}, which must divide evenly} */
    static int share(int total, int parts) {
        if (parts < 1 || total < parts || total % parts != 0) {
            throw new IllegalArgumentException(total + " operations do not split evenly over " + parts + " clients");
        }
        return total / parts;
    }

    static long await(CompletableFuture<Long> result) throws Exception {
        return result.get(BATCH_BOUND.toNanos(), TimeUnit.NANOSECONDS);
    }

    /** A batch as a lambda. */
    @FunctionalInterface
    interface Run {
        long run() throws Exception;
    }

    static Bench bench(Run run, Runnable close) {
        return new Bench() {
            @Override
            public long run() throws Exception {
                return run.run();
            }

            @Override
            public void close() {
                close.run();
            }
        };
    }
}
