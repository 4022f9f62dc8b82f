package io.otp4j.bench;

import io.otp4j.observer.Observer;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The dashboard's processes page over many processes: spawns N idle processes (each waiting in {@code
 * receive()}), floods one of them, starts an {@link Observer} and times its processes query over HTTP, as the
 * page asks it (sorted and paged on the server), for several sorts, filters and pages. Prints the median and
 * the slowest of the timed runs of each, in milliseconds, and checks that the flooded process tops the mailbox
 * sort.
 *
 * <pre>usage: ObserverPageProbe [count [runs]]   (default 1,000,000 processes, 10 timed runs each)</pre>
 */
public final class ObserverPageProbe {

    private static final List<String> QUERIES = List.of(
            "sort=mailbox&dir=desc&size=50",
            "sort=pid&dir=asc&size=50",
            "sort=handled&dir=desc&size=100&page=20",
            "sort=name&dir=asc&size=50&name=flood",
            "sort=time&dir=desc&size=50&status=waiting");

    private ObserverPageProbe() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        HttpClient http = HttpClient.newHttpClient();
        try (Node node = Node.start("probe")) {
            long spawnStart = System.nanoTime();
            for (int i = 0; i < count - 1; i++) {
                node.spawn(self -> self.receive());
            }
            HeapProbe.awaitAllWaiting(node);
            CountDownLatch hold = new CountDownLatch(1);
            // Busy until the probe ends, so that its mailbox only grows.
            Pid flooded = node.spawn(self -> hold.await(10, TimeUnit.MINUTES));
            node.register("flooded", flooded);
            for (int i = 0; i < 10_000; i++) {
                node.send(flooded, i);
            }
            System.out.printf(
                    "%,d processes spawned in %d ms%n",
                    node.processCount(), (System.nanoTime() - spawnStart) / 1_000_000);
            try (Observer observer =
                    Observer.builder(node).sampleEvery(Duration.ofMinutes(1)).start()) {
                for (String query : QUERIES) {
                    URI uri = observer.address().resolve("/api/processes?" + query);
                    for (int i = 0; i < 5; i++) {
                        fetch(http, uri); // warm-up
                    }
                    long[] ms = new long[runs];
                    long[] server = new long[runs];
                    String body = "";
                    for (int i = 0; i < runs; i++) {
                        long start = System.nanoTime();
                        body = fetch(http, uri);
                        ms[i] = (System.nanoTime() - start) / 1_000_000;
                        server[i] = tookMs(body);
                    }
                    Arrays.sort(ms);
                    Arrays.sort(server);
                    System.out.printf(
                            "%-45s median %4d ms, slowest %4d ms (in the server: median %4d ms)%n",
                            query, ms[runs / 2], ms[runs - 1], server[runs / 2]);
                    if (query.startsWith("sort=mailbox") && !body.contains("\"pid\":" + flooded.id() + ",")) {
                        throw new AssertionError("the flooded process is not on top: " + body.substring(0, 300));
                    }
                }
            } finally {
                hold.countDown();
            }
        }
    }

    /** {@return the query's own time, as the answer reports it in its tookMs field} */
    private static long tookMs(String body) {
        int at = body.indexOf("\"tookMs\":") + 9;
        int end = at;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Long.parseLong(body.substring(at, end));
    }

    private static String fetch(HttpClient http, URI uri) throws Exception {
        HttpResponse<String> res = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (res.statusCode() != 200) {
            throw new AssertionError(uri + " answered " + res.statusCode() + ": " + res.body());
        }
        return res.body();
    }
}
