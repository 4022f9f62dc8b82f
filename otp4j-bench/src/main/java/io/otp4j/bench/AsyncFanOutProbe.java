package io.otp4j.bench;

import com.sun.management.OperatingSystemMXBean;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.PendingCall;
import io.otp4j.process.Node;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;

/**
 * The CPU an asynchronous call costs (ADR 40): plain code fans one increment out to each of {@code servers}
 * counters and waits for all the replies, in rounds, for two seconds a measurement after eight of warm-up. Two
 * drivers: {@code callAsync} from the main thread, joining every stage; and {@code sendRequest} from one virtual
 * thread, then awaiting every pending call, the cheapest fan-out otp4j has. The figure is the process's CPU time
 * (all threads: callers, servers, the runtime's) over the calls made.
 *
 * <pre>usage: AsyncFanOutProbe [servers [measurements]]   (default 10,000 servers, 6 measurements)</pre>
 */
public final class AsyncFanOutProbe {

    private static final long WARM_UP_NANOS = 8_000_000_000L;
    private static final long MEASURE_NANOS = 2_000_000_000L;

    private AsyncFanOutProbe() {}

    public static void main(String[] args) throws InterruptedException {
        int servers = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 10_000;
        int measurements = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        try (Node node = Node.start("fan-out")) {
            List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> refs = new ArrayList<>(servers);
            for (int i = 0; i < servers; i++) {
                refs.add(BenchCounter.start(node));
            }
            for (String driver : List.of("callAsync", "sendRequest")) {
                for (int m = -1; m < measurements; m++) {
                    long start = System.nanoTime();
                    long cpu = os.getProcessCpuTime();
                    long calls = 0;
                    long until = start + (m < 0 ? WARM_UP_NANOS : MEASURE_NANOS);
                    while (System.nanoTime() < until) {
                        if (driver.equals("callAsync")) {
                            fanOutAsync(refs);
                        } else {
                            fanOutRequests(refs);
                        }
                        calls += servers;
                    }
                    if (m >= 0) {
                        long elapsed = System.nanoTime() - start;
                        System.out.printf(
                                Locale.ROOT,
                                "RESULT fan_out_%s %,.0f calls/s %.2f us_cpu/call%n",
                                driver,
                                calls * 1e9 / elapsed,
                                (os.getProcessCpuTime() - cpu) / 1e3 / calls);
                    }
                }
            }
        }
    }

    private static void fanOutAsync(List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> refs) {
        CompletableFuture<?>[] stages = new CompletableFuture<?>[refs.size()];
        for (int i = 0; i < stages.length; i++) {
            stages[i] = refs.get(i).callAsync(BenchCounter.INCREMENT).toCompletableFuture();
        }
        CompletableFuture.allOf(stages).join();
    }

    private static void fanOutRequests(List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> refs)
            throws InterruptedException {
        Thread driver = Thread.ofVirtual().name("fan-out").start(() -> {
            List<PendingCall<Integer>> pending = new ArrayList<>(refs.size());
            for (var ref : refs) {
                pending.add(ref.sendRequest(BenchCounter.INCREMENT));
            }
            for (PendingCall<Integer> call : pending) {
                call.await(Duration.ofMinutes(1));
            }
        });
        driver.join();
    }
}
