package io.otp4j.bench;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.PendingCall;
import io.otp4j.genserver.StartOptions;
import io.otp4j.internal.Carriers;
import io.otp4j.persistence.Codec;
import io.otp4j.persistence.Decision;
import io.otp4j.persistence.Durable;
import io.otp4j.persistence.DurableWrite;
import io.otp4j.persistence.EventLog;
import io.otp4j.persistence.EventSourcedServer;
import io.otp4j.persistence.Schema;
import io.otp4j.persistence.SqlStore;
import io.otp4j.persistence.internal.Checkpointer;
import io.otp4j.process.Node;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.jspecify.annotations.Nullable;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Acknowledged durable updates per second with {@code servers} event-sourced servers each updated once per round,
 * all at once, next to the store's own ceiling in the same run: {@code rawBatchedInsert} inserts the same number
 * of rows through plain JDBC into the store's own table, in transactions of up to 512 rows (the committer's largest
 * batch), with the same durability setting. The {@code updates} counter is the figure to read. {@code store} is
 * {@code sqlite} (a file in a temporary folder) or {@code postgresql} (the server at the system property {@code
 * otp4j.bench.postgres}, a JDBC URL, user {@code postgres}, no password).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class DurableServerBenchmark {

    /** What the benchmark counts: acknowledged updates, or rows the raw insert committed. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Counted {
        /** Acknowledged updates or committed rows. */
        public long updates;

        @Setup(Level.Iteration)
        public void reset() {
            updates = 0;
        }
    }

    /** A round of 10,000 writes can take longer than a call's default timeout on a loaded machine. */
    private static final java.time.Duration ROUND_TIMEOUT = java.time.Duration.ofMinutes(2);

    @Param({"1", "64", "10000"})
    public int servers;

    @Param({"sqlite"})
    public String store;

    /**
     * Whether the servers are pooled ({@link StartOptions#withPooled()}): a caller's thread then runs its server's
     * callback, commit wait included, and no thread of the server's own waits for the commit.
     */
    @Param({"false"})
    public boolean pooled;

    /** A PostgreSQL store's write connections ({@code SqlStore.postgresql}'s {@code writers}); SQLite has one. */
    @Param({"" + SqlStore.POSTGRESQL_WRITERS})
    public int writers = SqlStore.POSTGRESQL_WRITERS;

    private Path dir;
    private Node node;
    private SqlStore durable;
    private final List<GenServerRef<Counter.Request<?>, Void>> counters = new ArrayList<>();
    private Connection raw;
    private PreparedStatement insert;
    private long rawSeq;
    /** The ceiling's identities, none a server's, numbered so that their order is their keys'. */
    private String[] rawIdentities = new String[0];

    private final AtomicLong rawCommits = new AtomicLong();
    private @Nullable Checkpointer rawCheckpointer;
    private long startFlushes;
    /** The identities {@link #storeWriters} writes as: their incarnations and versions, by writer. */
    private long[] writerIncarnations = new long[0];

    private long[] writerVersions = new long[0];

    @Setup(Level.Trial)
    public void setup() throws IOException, SQLException {
        dir = Files.createTempDirectory("durable-bench");
        node = Node.start("bench");
        durable = open(dir.resolve("durable.db"));
        for (int i = 0; i < servers; i++) {
            counters.add(GenServer.start(
                    node,
                    Durable.eventSourced(
                            "c" + i, durable, Counter.STATES, Counter.EVENTS, EventLog.defaults(), new Counter()),
                    pooled ? StartOptions.defaults().withPooled() : StartOptions.defaults()));
        }
        startFlushes = durable.flushes(); // the servers' claims, one flush each as they start one by one
        // The ceiling writes into the store's own table, beside the servers' rows, so that both sides always insert
        // into an index of the same size: on SQLite, a table of the ceiling's own, about a quarter the size by the
        // end of a probe, took rows in about a sixth faster (ADR 33).
        raw = "postgresql".equals(store)
                ? DriverManager.getConnection(
                        postgresUrl() + (postgresUrl().contains("?") ? "&" : "?") + "reWriteBatchedInserts=true",
                        "postgres",
                        "")
                : DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("durable.db"));
        if (!"postgresql".equals(store)) {
            try (Statement pragmas = raw.createStatement()) {
                pragmas.execute("PRAGMA synchronous=FULL");
                pragmas.execute("PRAGMA busy_timeout=10000");
                // The store's arrangement: the log is copied into the file on a thread of its own.
                pragmas.execute("PRAGMA wal_autocheckpoint=" + Checkpointer.BACKSTOP_PAGES);
            }
        }
        raw.setAutoCommit(false);
        rawIdentities = new String[servers];
        for (int i = 0; i < servers; i++) {
            rawIdentities[i] = String.format(java.util.Locale.ROOT, "raw-%06d", i);
        }
        insert = raw.prepareStatement(
                "INSERT INTO otp4j_events (identity, seq, schema_version, payload) VALUES (?, ?, ?, ?)");
        rawCheckpointer = "postgresql".equals(store)
                ? null
                : new Checkpointer(
                        "raw",
                        DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("durable.db")),
                        rawCommits::get);
    }

    private SqlStore open(Path file) {
        return "postgresql".equals(store)
                ? SqlStore.postgresql(postgresUrl(), "postgres", "", writers)
                : SqlStore.sqlite(file);
    }

    private static String postgresUrl() {
        String url = System.getProperty("otp4j.bench.postgres");
        if (url == null) {
            throw new IllegalStateException("store=postgresql needs -Dotp4j.bench.postgres=jdbc:postgresql://...");
        }
        return url;
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException, IOException {
        long flushes = durable.flushes() - startFlushes;
        System.out.printf(
                "%n%d durable writes in %d flushes after the servers started: %.1f a flush%n",
                durable.writes(), flushes, durable.writes() / (double) Math.max(1, flushes));
        if (rawCheckpointer != null) {
            rawCheckpointer.close();
        }
        insert.close();
        raw.close();
        node.close();
        durable.close();
        if ("postgresql".equals(store)) {
            try (Connection c = DriverManager.getConnection(postgresUrl(), "postgres", "");
                    Statement drop = c.createStatement()) {
                drop.execute("DROP TABLE IF EXISTS otp4j_durable, otp4j_events, otp4j_casts");
            }
        }
        try (var files = Files.walk(dir)) {
            for (Path path : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        }
    }

    /**
     * One round: every server takes one update, all at once; returns when all are acknowledged. A virtual thread
     * sends the requests and awaits their replies ({@code sendRequest}, Erlang's {@code send_request}), so that the
     * driver takes as little as it can of the cores the store's committer and the database share.
     */
    @Benchmark
    public void durableUpdates(Counted counted) throws InterruptedException {
        onDriver(() -> round(new ArrayList<>(servers)));
        counted.updates += servers;
    }

    /**
     * Rounds as {@link #durableUpdates} runs them, back to back from one driver for {@code nanos}: the probe's
     * measure of rounds, without a thread started and joined per round, which with one server costs about a fifth
     * of a round and is the harness's, not the store's.
     *
     * @param nanos how long the driver runs rounds, in nanoseconds (at least one round)
     * @return the updates acknowledged by the rounds, and the nanoseconds they took
     */
    long[] durableRounds(long nanos) throws InterruptedException {
        long[] outcome = new long[2];
        onDriver(() -> {
            long start = System.nanoTime();
            long rounds = 0;
            List<PendingCall<Long>> replies = new ArrayList<>(servers);
            do {
                round(replies);
                rounds++;
            } while (System.nanoTime() - start < nanos);
            outcome[0] = rounds * servers;
            outcome[1] = System.nanoTime() - start;
        });
        return outcome;
    }

    /** Sends every server one update and awaits all the replies, in {@code replies} (cleared first). */
    private void round(List<PendingCall<Long>> replies) {
        replies.clear();
        for (var counter : counters) {
            replies.add(counter.sendRequest(new Counter.Add()));
        }
        PendingCall.awaitAll(replies, ROUND_TIMEOUT);
    }

    /** Runs {@code rounds} on a virtual thread of its own and waits for it; its failure is rethrown here. */
    private static void onDriver(Runnable rounds) throws InterruptedException {
        AtomicReference<@Nullable Throwable> failed = new AtomicReference<>();
        Thread driver = Carriers.virtualThreads().name("bench-rounds").start(() -> {
            try {
                rounds.run();
            } catch (Throwable e) {
                failed.set(e);
            }
        });
        driver.join();
        Throwable e = failed.get();
        if (e != null) {
            throw new IllegalStateException("a round of updates failed", e);
        }
    }

    /**
     * Acknowledged updates with each server driven by a client of its own: one virtual thread per server calls it
     * again and again, each call waiting for its reply, from now until {@code nanos} later. No client waits for
     * another, as in a system whose servers serve requests that come when they come; {@link #durableUpdates}
     * instead starts each round only when the last round's slowest server has answered. The clients, the writers
     * of {@link #storeWriters} and the rounds' driver run on the scheduler the servers run on ({@link
     * Carriers#virtualThreads}): otp4j's own with {@code -Dotp4j.scheduler=otp4j}.
     *
     * @param nanos how long the clients call, in nanoseconds
     * @return the updates acknowledged within that time
     */
    long durableClients(long nanos) throws InterruptedException {
        long deadline = System.nanoTime() + nanos;
        LongAdder acknowledged = new LongAdder();
        List<Thread> clients = new ArrayList<>(servers);
        for (var counter : counters) {
            clients.add(Carriers.virtualThreads().name("bench-client").start(() -> {
                while (System.nanoTime() - deadline < 0) {
                    counter.call(new Counter.Add(), ROUND_TIMEOUT);
                    if (System.nanoTime() - deadline < 0) {
                        acknowledged.increment();
                    }
                }
            }));
        }
        for (Thread client : clients) {
            client.join();
        }
        return acknowledged.sum();
    }

    /**
     * The store alone, with no server: one virtual thread per identity (as many as there are servers, each claimed
     * once on the first call) writes an event and waits for its commit, again and again, for {@code nanos}. Next to
     * {@link #durableClients} it splits a gap to the ceiling between the store's group commit and the servers'
     * own cost, which shares the cores with the database.
     *
     * @param nanos how long the writers write, in nanoseconds
     * @return the writes committed within that time
     */
    long storeWriters(long nanos) throws InterruptedException {
        if (writerIncarnations.length != servers) {
            writerIncarnations = new long[servers];
            writerVersions = new long[servers];
            for (int i = 0; i < servers; i++) {
                writerIncarnations[i] = durable.claim("w" + i).incarnation();
            }
        }
        byte[] payload = Counter.EVENTS.encode(new Counter.Added(), "an event");
        long deadline = System.nanoTime() + nanos;
        LongAdder committed = new LongAdder();
        List<Thread> writers = new ArrayList<>(servers);
        for (int i = 0; i < servers; i++) {
            int writer = i;
            writers.add(Carriers.virtualThreads().name("bench-writer").start(() -> {
                while (System.nanoTime() - deadline < 0) {
                    durable.write(DurableWrite.events(
                            "w" + writer, writerIncarnations[writer], writerVersions[writer], List.of(payload), 1));
                    writerVersions[writer]++;
                    if (System.nanoTime() - deadline < 0) {
                        committed.increment();
                    }
                }
            }));
        }
        for (Thread writer : writers) {
            writer.join();
        }
        return committed.sum();
    }

    /**
     * The ceiling: as many rows as a round's updates, in transactions of up to 512 rows, into the store's table of
     * events under identities of their own, in the order of their keys (the order an index takes rows in fastest).
     * On SQLite the log is copied into the file as the store has it copied, by a {@link Checkpointer} of its own.
     */
    @Benchmark
    public void rawBatchedInsert(Counted counted) throws SQLException {
        byte[] payload = Counter.EVENTS.encode(new Counter.Added(), "an event");
        for (int i = 0; i < servers; i++) {
            insert.setString(1, rawIdentities[i]);
            insert.setLong(2, ++rawSeq);
            insert.setInt(3, 1);
            insert.setBytes(4, payload);
            insert.addBatch();
            if ((i + 1) % 512 == 0 || i == servers - 1) {
                insert.executeBatch();
                raw.commit();
                rawCommits.incrementAndGet();
            }
        }
        counted.updates += servers;
    }

    /** An event-sourced counter: one event per add. */
    static final class Counter implements EventSourcedServer<Long, Counter.Added, Counter.Request<?>, Void> {

        sealed interface Request<R> extends Call<R> {}

        record Add() implements Request<Long> {}

        /** Adds {@code count}, one event each, in one write. */
        record AddMany(int count) implements Request<Long> {}

        record Added() {}

        static final Schema<Added> EVENTS = Schema.of(1, Codec.text(added -> "+1", text -> new Added()));
        static final Schema<Long> STATES = Schema.of(1, Codec.text(String::valueOf, Long::valueOf));

        @Override
        public Long initialState() {
            return 0L;
        }

        @Override
        public Long apply(Long count, Added event) {
            return count + 1;
        }

        @Override
        public Decision<Long, Added> handleCall(Request<?> request, Long count) {
            return switch (request) {
                case Add add -> Decision.<Long, Added>persist(new Added()).thenReply(add, after -> after);
                case AddMany many ->
                    Decision.<Long, Added>persist(java.util.Collections.nCopies(many.count(), new Added()))
                            .thenReply(many, after -> after);
            };
        }
    }
}
