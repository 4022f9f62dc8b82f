package io.otp4j.cluster;

import io.otp4j.cluster.Messages.Numbered;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A plain timing run, not a test: how many small messages per second cross from one node to another over TCP on
 * 127.0.0.1, from 1 and from 8 sending processes to one receiving process. Arguments: the messages per run
 * (default 200000), the runs per case (default 5, of which the first warms up and is not counted) and the batch
 * budget in bytes (default 64 KiB; 0 sends each frame alone); prints the median.
 */
public final class OutboundThroughput {

    private OutboundThroughput() {}

    public static void main(String[] args) throws Exception {
        int messages = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
        int runs = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int batchBytes = args.length > 2 ? Integer.parseInt(args[2]) : ClusterConfig.DEFAULT_BATCH_BYTES;
        int portA = Members.freePort();
        int portB = Members.freePort();
        ClusterConfig config = ClusterConfig.of("otp4j-bench-" + UUID.randomUUID())
                .withSecret("bench-secret")
                .withAllowedClass(Numbered.class)
                .withBatchBytes(batchBytes)
                .withInitialMembers(List.of("127.0.0.1:" + portA, "127.0.0.1:" + portB));
        try (Node a = Node.start("bench-a");
                Node b = Node.start("bench-b");
                Cluster ca = Cluster.join(a, config.withPort(portA));
                Cluster cb = Cluster.join(b, config.withPort(portB))) {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (!ca.nodes().contains("bench-b") || !cb.nodes().contains("bench-a")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the nodes did not see each other within 30 s");
                }
                Thread.sleep(10);
            }
            for (int senders : new int[] {1, 8}) {
                double[] rates = new double[runs - 1];
                for (int run = 0; run < runs; run++) {
                    double rate = once(a, b, messages, senders);
                    if (run > 0) {
                        rates[run - 1] = rate;
                    }
                }
                Arrays.sort(rates);
                System.out.printf(
                        "senders=%d messages=%d median=%.0f msg/s runs=%s stats=%s%n",
                        senders, messages, rates[rates.length / 2], Arrays.toString(rates), ca.stats());
            }
        }
    }

    private static double once(Node a, Node b, int messages, int senders) throws InterruptedException {
        CountDownLatch done = new CountDownLatch(1);
        Pid receiver = b.spawn(self -> {
            for (int i = 0; i < messages; i++) {
                self.receive(Numbered.class);
            }
            done.countDown();
        });
        Pid remote = Members.seenFrom(a, receiver);
        long start = System.nanoTime();
        List<Pid> pids = new ArrayList<>();
        int each = messages / senders;
        for (int s = 0; s < senders; s++) {
            int sender = s;
            pids.add(a.spawn(self -> {
                for (int n = 0; n < each; n++) {
                    self.send(remote, new Numbered(sender, n));
                }
            }));
        }
        if (!done.await(120, TimeUnit.SECONDS)) {
            throw new IllegalStateException("not all messages arrived within 120 s: " + pids);
        }
        return messages / ((System.nanoTime() - start) / 1e9);
    }
}
