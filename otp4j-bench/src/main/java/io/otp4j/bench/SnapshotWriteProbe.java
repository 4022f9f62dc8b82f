package io.otp4j.bench;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Results;
import io.otp4j.persistence.Codec;
import io.otp4j.persistence.Durable;
import io.otp4j.persistence.DurableGenServer;
import io.otp4j.persistence.Schema;
import io.otp4j.persistence.SqlStore;
import io.otp4j.process.Node;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.LongAdder;

/**
 * Acknowledged writes of state-snapshot servers on PostgreSQL: a counter per server, each called in a loop by a
 * client of its own for one-second rounds; prints each round's rate and the median of the rounds after the first
 * three (warm-up). The servers' identities are new on each run, so runs do not meet each other's rows. Arguments:
 * the JDBC URL (user {@code postgres}, no password), the numbers of servers, the rounds.
 *
 * <pre>
 * java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.SnapshotWriteProbe \
 *     jdbc:postgresql://127.0.0.1:5432/postgres 1,64 8
 * </pre>
 */
public final class SnapshotWriteProbe {

    private static final long ROUND_NANOS = 1_000_000_000L;
    private static final int WARM_UP_ROUNDS = 3;

    private SnapshotWriteProbe() {}

    /** Adds one; replies with the new count. */
    record Add() implements Call<Long> {}

    /** The counter: its state is the count, stored whole after each call. */
    static final class Counter implements DurableGenServer<Long, Add, Void> {
        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public CallResult<Long> handleCall(Add add, From from, Long count) {
            return Results.reply(add, count + 1, count + 1);
        }
    }

    private static final Schema<Long> SCHEMA = Schema.of(1, Codec.text(String::valueOf, Long::valueOf));

    /** Runs the rounds for each number of servers and prints their rates. */
    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            throw new IllegalArgumentException("usage: SnapshotWriteProbe JDBC_URL SERVERS[,SERVERS...] ROUNDS");
        }
        int rounds = Integer.parseInt(args[2]);
        if (rounds <= WARM_UP_ROUNDS) {
            throw new IllegalArgumentException("ROUNDS must be more than the " + WARM_UP_ROUNDS + " of warm-up");
        }
        for (String servers : args[1].split(",")) {
            probe(args[0], Integer.parseInt(servers.trim()), rounds);
        }
    }

    private static void probe(String url, int servers, int rounds) throws InterruptedException {
        try (Node node = Node.start("snapshot-probe");
                SqlStore store = SqlStore.postgresql(url, "postgres", "")) {
            String run = Long.toString(System.currentTimeMillis(), 36);
            List<GenServerRef<Add, Void>> counters = new ArrayList<>(servers);
            for (int i = 0; i < servers; i++) {
                counters.add(GenServer.start(node, Durable.server(run + "-" + i, store, SCHEMA, new Counter())));
            }
            long[] rates = new long[rounds - WARM_UP_ROUNDS];
            for (int round = 0; round < rounds; round++) {
                long rate = round(counters);
                System.out.printf(Locale.ROOT, "%d servers, round %d: %,d writes/s%n", servers, round + 1, rate);
                if (round >= WARM_UP_ROUNDS) {
                    rates[round - WARM_UP_ROUNDS] = rate;
                }
            }
            Arrays.sort(rates);
            System.out.printf(
                    Locale.ROOT,
                    "%d servers: median %,d writes/s (%,d to %,d)%n",
                    servers,
                    rates[rates.length / 2],
                    rates[0],
                    rates[rates.length - 1]);
        }
    }

    /** {@return the writes acknowledged in one round, all clients calling until it ends} */
    private static long round(List<GenServerRef<Add, Void>> counters) throws InterruptedException {
        long end = System.nanoTime() + ROUND_NANOS;
        LongAdder done = new LongAdder();
        List<Thread> clients = new ArrayList<>(counters.size());
        for (GenServerRef<Add, Void> counter : counters) {
            clients.add(Thread.ofVirtual().start(() -> {
                while (System.nanoTime() - end < 0) {
                    counter.call(new Add());
                    done.increment();
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return done.sum();
    }
}
