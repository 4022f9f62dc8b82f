package io.otp4j.bench;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * Call latency with few and with many idle GenServers alive: does a call cost the same when the node holds
 * 10 servers as when it holds a million? One client process calls {@code Increment}, {@value #BATCH} calls a
 * batch, batches repeated for one second an iteration; the figure is the median over iterations of the
 * average time per call. Two targets:
 *
 * <ul>
 *   <li>{@code one}: always the same server, the others idle around it;
 *   <li>{@code spread}: a different server each call, picked over all the alive ones by a linear
 *       congruential sequence (the same one as the BEAM probe), so the working set is all the servers.
 * </ul>
 *
 * The probe first measures with 10 servers, then starts more up to {@code count} and measures again. A
 * million servers need about 2 GB of heap: run it with {@code -Xmx3g}. If the heap is too small for {@code
 * count}, it measures with as many as fit and says so.
 *
 * <p>Prints {@code RESULT scaling_<target>_<servers> <ns> ns/op} lines, and after each the young collections' count
 * and time and the old generation's growth during the measured iterations (what ADR 18 follows). With {@code
 * -Dscaling.hibernate=true} the servers past the first ten hibernate once started, holding no thread. With {@code
 * -Dscaling.pooled=true} every server is pooled ({@code StartOptions.withPooled()}), the first ten and the one called
 * among them too: an idle one holds no thread, and a call to it runs it on the caller's thread.
 *
 * <pre>usage: GenServerScaling [count [iterations]]   (default 1,000,000 servers, 5 iterations)</pre>
 */
public final class GenServerScaling {

    static final int BATCH = 10_000;
    static final int FEW = 10;

    /** Heap to reserve per idle server when checking that {@code count} fits (measured: ~1.2 KB). */
    static final long BYTES_PER_SERVER = 2_000;

    private GenServerScaling() {}

    record Batch(
            List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> targets,
            boolean spread,
            CompletableFuture<Void> done) {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int iterations = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        long fits = (long) (Runtime.getRuntime().maxMemory() * 0.8) / BYTES_PER_SERVER;
        if (count > fits) {
            System.out.printf(
                    Locale.ROOT,
                    "NOTE heap of %,d MB fits about %,d servers, not %,d: measuring with %,d (give -Xmx more)%n",
                    Runtime.getRuntime().maxMemory() >> 20,
                    fits,
                    count,
                    fits);
            count = (int) fits;
        }
        Node node = Node.start("scaling");
        List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> servers = new ArrayList<>(count);
        boolean pooled = Boolean.getBoolean("scaling.pooled");
        for (int i = 0; i < FEW; i++) {
            servers.add(pooled ? BenchCounter.startPooled(node) : BenchCounter.start(node));
        }
        Pid client = node.spawn(self -> {
            long x = 12345;
            while (true) {
                Batch batch = (Batch) self.receive();
                var targets = batch.targets();
                int n = targets.size();
                if (batch.spread()) {
                    for (int i = 0; i < BATCH; i++) {
                        x = (x * 1103515245L + 12345L) & 0x7fffffffL;
                        targets.get((int) (x % n)).call(BenchCounter.INCREMENT);
                    }
                } else {
                    var target = targets.get(0);
                    for (int i = 0; i < BATCH; i++) {
                        target.call(BenchCounter.INCREMENT);
                    }
                }
                batch.done().complete(null);
            }
        });
        // warm-up: both kinds, 3 iterations each
        measure(node, client, servers, false, 3);
        measure(node, client, servers, true, 3);
        report("one", FEW, measure(node, client, servers, false, iterations));
        report("spread", FEW, measure(node, client, servers, true, iterations));
        long t0 = System.nanoTime();
        startMore(node, servers, count - FEW, Boolean.getBoolean("scaling.hibernate"), pooled);
        System.out.printf(
                Locale.ROOT,
                "started %,d more servers in %.1f s (%d processes alive)%n",
                count - FEW,
                (System.nanoTime() - t0) / 1e9,
                node.processCount());
        HeapProbe.usedAfterGc(); // settle the heap before measuring
        report("one", count, measure(node, client, servers, false, iterations));
        report("spread", count, measure(node, client, servers, true, iterations));
        // Closing a node of a million servers exits each of them in turn; the measurement is over, so the JVM
        // just ends.
        System.exit(0);
    }

    /** Starts {@code more} servers from inside a process, as a supervisor would, and adds them to {@code servers}. */
    private static void startMore(
            Node node,
            List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> servers,
            int more,
            boolean hibernating,
            boolean pooled) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        node.spawn(self -> {
            try {
                for (int i = 0; i < more; i++) {
                    servers.add(
                            pooled
                                    ? BenchCounter.startPooled(self.node())
                                    : hibernating
                                            ? BenchCounter.startHibernating(self.node())
                                            : BenchCounter.start(self.node()));
                }
                done.complete(null);
            } catch (RuntimeException | Error e) {
                done.completeExceptionally(e);
            }
        });
        done.join(); // happens-after every add
    }

    private static void report(String target, int servers, double nanos) {
        System.out.printf(Locale.ROOT, "RESULT scaling_%s_%d %.1f ns/op%n", target, servers, nanos);
        Collector c = lastCollector;
        System.out.printf(
                Locale.ROOT,
                "  young collections: %d, %d ms; old generation %+,d MB%n",
                c.youngCount(),
                c.youngMillis(),
                c.oldBytes() >> 20);
    }

    /** {@return the median over {@code iterations} one-second iterations of the average ns per call} */
    private static double measure(
            Node node,
            Pid client,
            List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> servers,
            boolean spread,
            int iterations) {
        double[] perCall = new double[iterations];
        Collector collector = Collector.now();
        for (int it = 0; it < iterations; it++) {
            long start = System.nanoTime();
            long calls = 0;
            long elapsed;
            do {
                CompletableFuture<Void> done = new CompletableFuture<>();
                node.send(client, new Batch(servers, spread, done));
                done.join();
                calls += BATCH;
                elapsed = System.nanoTime() - start;
            } while (elapsed < 1_000_000_000L);
            perCall[it] = (double) elapsed / calls;
        }
        lastCollector = collector.since();
        Arrays.sort(perCall);
        return perCall[iterations / 2];
    }

    /** What the last measurement cost the collector. */
    private static Collector lastCollector = new Collector(0, 0, 0);

    /** The young collections and the old generation: a reading, or what changed between two. */
    private record Collector(long youngCount, long youngMillis, long oldBytes) {

        static Collector now() {
            long count = 0;
            long millis = 0;
            for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                if (gc.getName().contains("Young")) {
                    count += gc.getCollectionCount();
                    millis += gc.getCollectionTime();
                }
            }
            long old = 0;
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getName().contains("Old")) {
                    old += pool.getUsage().getUsed();
                }
            }
            return new Collector(count, millis, old);
        }

        /** {@return what happened since this reading} */
        Collector since() {
            Collector after = now();
            return new Collector(
                    after.youngCount - youngCount, after.youngMillis - youngMillis, after.oldBytes - oldBytes);
        }
    }
}
