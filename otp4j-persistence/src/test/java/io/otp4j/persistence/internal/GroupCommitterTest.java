package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A caller whose commit is late gets its error when its timeout passes; the committer goes on afterwards. */
class GroupCommitterTest {

    @TempDir
    Path dir;

    @Test
    void aCallerWhoseCommitIsLateIsToldAndTheCommitterGoesOn() throws Exception {
        CountDownLatch stuck = new CountDownLatch(1);
        try (GroupCommitter committer = committer("late", false)) {
            long started = System.nanoTime();
            assertThatThrownBy(() -> committer.submit(
                            connection -> {
                                // A database that does not answer: the work holds the committer.
                                try {
                                    if (!stuck.await(30, TimeUnit.SECONDS)) {
                                        throw new SQLException("never released");
                                    }
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                    throw new SQLException(e);
                                }
                                return 1;
                            },
                            Duration.ofMillis(300),
                            IllegalArgumentException::new))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("the store late did not commit within PT0.3S");
            assertThat(Duration.ofNanos(System.nanoTime() - started))
                    .isBetween(Duration.ofMillis(300), Duration.ofSeconds(10));
            stuck.countDown();
            int answer = committer.submit(connection -> 2, Duration.ofSeconds(30), IllegalArgumentException::new);
            assertThat(answer).isEqualTo(2);
        }
    }

    @Test
    void aLoneWriterCommitsOnItsOwnThreadAndWritersThatComeMeanwhileShareTheNextFlush() throws Exception {
        try (GroupCommitter committer = committer("lone", true)) {
            Thread caller = Thread.currentThread();
            assertThat(ranOn(committer).getName())
                    .as("a writer not yet known to be alone hands its work over")
                    .isEqualTo("otp4j-committer-lone");
            // Told of its commit once the committer's thread has let the connection go, the writer finds it free.
            assertThat(ranOn(committer))
                    .as("the same writer again, alone: its own thread")
                    .isSameAs(caller);
            assertThat(committer.flushes()).isEqualTo(2);

            // Another writer, the store idle: not known to be alone, as with one carrier a lone writer's commit
            // would keep it from queueing.
            var other = new java.util.concurrent.CompletableFuture<Thread>();
            Thread.ofVirtual().start(() -> other.complete(ranOn(committer)));
            assertThat(other.get(30, TimeUnit.SECONDS).getName()).isEqualTo("otp4j-committer-lone");
            assertThat(committer.flushes()).isEqualTo(3);

            // A lone writer holds the connection; three more writers come while it does.
            List<Thread> ranOthers = batchOf(committer, 3);
            assertThat(ranOthers)
                    .hasSize(3)
                    .allSatisfy(thread -> assertThat(thread.getName()).isEqualTo("otp4j-committer-lone"));
            assertThat(committer.flushes())
                    .as("the holder's commit, then one for the three")
                    .isEqualTo(5);
        }
    }

    /**
     * A lone writer hands a write over to the committer after 16 in a row on its own thread, and so parks: on one
     * carrier, the threads that became runnable while it committed run then. The committer's thread tells it of
     * that write only once it has let the connection go, so the writer's next write finds the connection free and
     * only the hand-over cuts the runs. (Told while the connection was still held, the writer found it held and
     * handed over again; on a loaded machine every write could go to the committer that way.)
     */
    @Test
    void aLoneWriterHandsAWriteOverAfterSixteenInARow() throws Exception {
        try (GroupCommitter committer = committer("streak", true)) {
            Thread caller = Thread.currentThread();
            List<Integer> runs = new ArrayList<>();
            int run = 0;
            int handedOver = 0;
            for (int write = 1; write <= 85; write++) {
                if (ranOn(committer) == caller) {
                    run++;
                } else {
                    handedOver++;
                    if (run > 0) {
                        runs.add(run);
                        run = 0;
                    }
                }
            }
            runs.add(run);
            assertThat(runs)
                    .as("writes in a row on the writer's own thread: after the first, which is not yet known to be"
                            + " alone, 16 and then one handed over")
                    .containsExactly(16, 16, 16, 16, 16);
            assertThat(handedOver).as("the first write, then every 17th").isEqualTo(5);
        }
    }

    /** {@return the thread a piece of work submitted to {@code committer} now ran on} */
    private static Thread ranOn(GroupCommitter committer) {
        return committer.submit(
                connection -> Thread.currentThread(), Duration.ofSeconds(30), IllegalArgumentException::new);
    }

    @Test
    void theCallersOfEveryBatchCommittedAsTheCommitterClosesGetTheirAnswers() throws Exception {
        GroupCommitter committer = committer("told", false);
        Holding held = hold(committer);
        // 20 writers queue behind the held batch; the committer takes them in batches of up to 8, each of several
        // callers, whose answers the teller gives.
        int writers = 20;
        List<java.util.concurrent.CompletableFuture<Integer>> answers = new ArrayList<>();
        for (int i = 0; i < writers; i++) {
            int mine = i;
            answers.add(submitting(committer, connection -> mine, Duration.ofSeconds(30)));
        }
        io.otp4j.testkit.Eventually.until(() -> committer.queued() == writers, writers + " writers queued");
        held.release().countDown();
        committer.close();
        for (int i = 0; i < writers; i++) {
            assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
        }
        assertThat(held.holder().join(Duration.ofSeconds(30))).isTrue();
        assertThat(committer.flushes())
                .as("the held batch, then batches of 8, 8 and 4")
                .isEqualTo(4);
    }

    /**
     * More than a batch's worth of writes, queued while the connection is held, is taken as one group and committed
     * in the order of the identities, a batch at a time: 20 writes queued in a shuffled order go into the table
     * sorted, in batches of 8, 8 and 4.
     */
    @Test
    void writesQueuedTogetherAreCommittedInTheOrderOfTheirIdentities() throws Exception {
        List<String> identities = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            identities.add(String.format(java.util.Locale.ROOT, "id-%02d", i));
        }
        try (java.sql.Connection setup = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("order.db"));
                java.sql.Statement ddl = setup.createStatement()) {
            for (String statement : SqlDialect.SQLITE.schema()) {
                ddl.execute(statement);
            }
            for (String identity : identities) {
                ddl.execute("INSERT INTO otp4j_durable (identity, incarnation, version, snapshot_version,"
                        + " schema_version) VALUES ('" + identity + "', 1, 0, 0, 1)");
            }
        }
        List<String> shuffled = new ArrayList<>(identities);
        java.util.Collections.shuffle(shuffled, new java.util.Random(7));
        GroupCommitter committer = committer("order", false);
        Holding held = hold(committer);
        List<java.util.concurrent.CompletableFuture<Void>> written = new ArrayList<>();
        for (String identity : shuffled) {
            written.add(onThreadOfItsOwn(() -> {
                committer.write(
                        io.otp4j.persistence.DurableWrite.events(identity, 1, 0, List.of(new byte[] {1}), 1),
                        Duration.ofSeconds(30),
                        IllegalArgumentException::new);
                return null;
            }));
            int queued = written.size();
            io.otp4j.testkit.Eventually.until(() -> committer.queued() == queued, queued + " writes queued");
        }
        held.release().countDown();
        for (var done : written) {
            done.get(30, TimeUnit.SECONDS);
        }
        assertThat(committer.flushes())
                .as("the held batch, then batches of 8, 8 and 4")
                .isEqualTo(4);
        committer.close();
        List<String> stored = new ArrayList<>();
        try (java.sql.Connection read = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("order.db"));
                java.sql.ResultSet rows =
                        read.createStatement().executeQuery("SELECT identity FROM otp4j_events ORDER BY rowid")) {
            while (rows.next()) {
                stored.add(rows.getString(1));
            }
        }
        assertThat(shuffled).as("queued out of order").isNotEqualTo(identities);
        assertThat(stored).as("inserted in the order of the identities").isEqualTo(identities);
    }

    /**
     * Work taken in a group but left for a later batch is watched as queued work is: its caller gets the late error
     * when its timeout passes, while the batch before it still runs. Nine pieces queue behind a held batch; the
     * first of the next batch of eight holds the connection until the ninth has been told it is late.
     */
    @Test
    void aCallerWhoseWorkWaitsForTheNextBatchOfItsGroupIsToldWhenItIsLate() throws Exception {
        try (GroupCommitter committer = committer("backlog", false)) {
            Holding held = hold(committer);
            CountDownLatch lateTold = new CountDownLatch(1);
            List<java.util.concurrent.CompletableFuture<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 9; i++) {
                int mine = i;
                answers.add(submitting(
                        committer,
                        connection -> {
                            try {
                                if (mine == 0 && !lateTold.await(30, TimeUnit.SECONDS)) {
                                    throw new SQLException("the ninth was never told it is late");
                                }
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                throw new SQLException(e);
                            }
                            return mine;
                        },
                        mine == 8 ? Duration.ofMillis(300) : Duration.ofSeconds(30)));
                int queued = i + 1;
                io.otp4j.testkit.Eventually.until(() -> committer.queued() == queued, queued + " pieces queued");
            }
            held.release().countDown();
            assertThatThrownBy(() -> answers.get(8).get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the store backlog did not commit within PT0.3S");
            lateTold.countDown();
            for (int i = 0; i < 8; i++) {
                assertThat(answers.get(i).get(30, TimeUnit.SECONDS)).isEqualTo(i);
            }
        }
    }

    /**
     * A write handed over without waiting ({@link GroupCommitter#writeThen}) returns at once, and its caller is told
     * its outcome, once: null when it committed, its refusal, the late error when its timeout passes first, and the
     * closed error after the committer closed. A listener that throws is reported, and its neighbours are told.
     */
    @Test
    void aWriteHandedOverIsToldItsOutcomeWithoutAWaitingThread() throws Exception {
        try (java.sql.Connection setup = DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("then.db"));
                java.sql.Statement ddl = setup.createStatement()) {
            for (String statement : SqlDialect.SQLITE.schema()) {
                ddl.execute(statement);
            }
            ddl.execute("INSERT INTO otp4j_durable (identity, incarnation, version, snapshot_version, schema_version)"
                    + " VALUES ('then', 1, 0, 0, 1), ('failing listener', 1, 0, 0, 1)");
        }
        GroupCommitter committer = committer("then", false);
        Holding held = hold(committer);
        var first = new java.util.concurrent.CompletableFuture<@org.jspecify.annotations.Nullable RuntimeException>();
        var stale = new java.util.concurrent.CompletableFuture<@org.jspecify.annotations.Nullable RuntimeException>();
        var late = new java.util.concurrent.CompletableFuture<@org.jspecify.annotations.Nullable RuntimeException>();
        var firstWrite = io.otp4j.persistence.DurableWrite.events("then", 1, 0, List.of(new byte[] {1}), 1);
        // A listener that throws, told first in the same batch, keeps no one else from being told.
        committer.writeThen(
                io.otp4j.persistence.DurableWrite.events("failing listener", 1, 0, List.of(new byte[] {1}), 1),
                Duration.ofSeconds(30),
                IllegalArgumentException::new,
                failed -> {
                    throw new IllegalStateException("a listener that fails");
                });
        committer.writeThen(firstWrite, Duration.ofSeconds(30), IllegalArgumentException::new, told(first));
        committer.writeThen(firstWrite, Duration.ofSeconds(30), IllegalArgumentException::new, told(stale));
        assertThat(committer.queued()).as("handed over, not waited for").isEqualTo(3);
        assertThat(first).isNotDone();
        committer.writeThen(
                io.otp4j.persistence.DurableWrite.events("then", 1, 1, List.of(new byte[] {2}), 1),
                Duration.ofMillis(300),
                IllegalArgumentException::new,
                told(late));
        assertThat(late.get(30, TimeUnit.SECONDS))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the store then did not commit within PT0.3S");

        held.release().countDown();
        assertThat(first.get(30, TimeUnit.SECONDS)).isNull();
        assertThat(stale.get(30, TimeUnit.SECONDS))
                .isInstanceOf(io.otp4j.persistence.StaleWriteException.class)
                .hasMessageContaining("then");
        committer.close();

        var closed = new java.util.concurrent.CompletableFuture<@org.jspecify.annotations.Nullable RuntimeException>();
        committer.writeThen(firstWrite, Duration.ofSeconds(30), IllegalArgumentException::new, told(closed));
        assertThat(closed.getNow(null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the store then is closed");
    }

    /** {@return a listener that completes {@code outcome} with what it is told, failing it if told twice} */
    private static java.util.function.Consumer<@org.jspecify.annotations.Nullable RuntimeException> told(
            java.util.concurrent.CompletableFuture<@org.jspecify.annotations.Nullable RuntimeException> outcome) {
        return failed -> {
            if (!outcome.complete(failed)) {
                outcome.obtrudeException(new AssertionError("told twice: " + failed));
            }
        };
    }

    /** {@return the answer to {@code work}, submitted to {@code committer} by a virtual thread of its own} */
    private static <T> java.util.concurrent.CompletableFuture<T> submitting(
            GroupCommitter committer, GroupCommitter.Work<T> work, Duration timeout) {
        return onThreadOfItsOwn(() -> committer.submit(work, timeout, IllegalArgumentException::new));
    }

    /** {@return what {@code caller} returns or throws, called on a virtual thread of its own} */
    private static <T> java.util.concurrent.CompletableFuture<T> onThreadOfItsOwn(
            java.util.function.Supplier<T> caller) {
        var answer = new java.util.concurrent.CompletableFuture<T>();
        Thread.ofVirtual().start(() -> {
            try {
                answer.complete(caller.get());
            } catch (RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        return answer;
    }

    /**
     * {@return a committer on a SQLite database of its own, {@code name}.db, taking batches of up to 8} It guards every
     * write (no fences), and a lone writer commits on its own thread if {@code loneWritersInline}.
     */
    private GroupCommitter committer(String name, boolean loneWritersInline) throws SQLException {
        Path file = dir.resolve(name + ".db");
        return new GroupCommitter(
                name,
                name,
                new Link(
                        "the connection to the store " + name,
                        DriverManager.getConnection("jdbc:sqlite:" + file),
                        () -> DriverManager.getConnection("jdbc:sqlite:" + file)),
                8,
                e -> new IllegalStateException(e),
                loneWritersInline,
                null,
                false);
    }

    /** A lone writer holding the connection until {@code release} is counted down: its thread, and the latch. */
    private record Holding(Thread holder, CountDownLatch release) {}

    /** Starts a lone writer whose work holds the connection, and returns once its work runs. */
    private static Holding hold(GroupCommitter committer) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Thread holder = Thread.ofVirtual()
                .start(() -> committer.submit(
                        connection -> {
                            inside.countDown();
                            try {
                                return release.await(30, TimeUnit.SECONDS);
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return false;
                            }
                        },
                        Duration.ofSeconds(30),
                        IllegalArgumentException::new));
        assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
        return new Holding(holder, release);
    }

    /**
     * Holds the connection with a lone writer while {@code count} more writers queue, so that the committer takes
     * them as one batch: the committer then knows that others write, and lingers with its next batch.
     *
     * @return the threads the queued writers' work ran on
     */
    private static List<Thread> batchOf(GroupCommitter committer, int count) throws Exception {
        Holding held = hold(committer);
        List<Thread> others = new ArrayList<>();
        List<Thread> ranOn = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < count; i++) {
            others.add(Thread.ofVirtual()
                    .start(() -> ranOn.add(committer.submit(
                            connection -> Thread.currentThread(),
                            Duration.ofSeconds(30),
                            IllegalArgumentException::new))));
        }
        io.otp4j.testkit.Eventually.until(
                () -> others.stream().allMatch(other -> other.getState() == Thread.State.WAITING),
                count + " writers waiting behind the lone one");
        held.release().countDown();
        assertThat(held.holder().join(Duration.ofSeconds(30))).isTrue();
        for (Thread other : others) {
            assertThat(other.join(Duration.ofSeconds(30))).isTrue();
        }
        return ranOn;
    }

    @Test
    void workRunWhileTheCommitterLingersIsRolledBackWithItsBatchAndRunAgainAlone() throws Exception {
        Path file = dir.resolve("eager.db");
        try (java.sql.Connection setup = DriverManager.getConnection("jdbc:sqlite:" + file);
                java.sql.Statement ddl = setup.createStatement()) {
            ddl.execute("CREATE TABLE t (x TEXT)");
        }
        try (GroupCommitter committer = new GroupCommitter(
                "eager",
                "eager",
                new Link(
                        "the connection to the store eager",
                        DriverManager.getConnection("jdbc:sqlite:" + file),
                        () -> DriverManager.getConnection("jdbc:sqlite:" + file)),
                8,
                e -> new IllegalStateException(e),
                true,
                new Fences(SqlDialect.SQLITE),
                true)) {
            batchOf(committer, 3);
            long flushes = committer.flushes();

            // A runs as soon as the committer takes it, and waits on the committer's thread until B is queued. B
            // then joins A's batch as the committer lingers, and fails it. Had the batch run only once complete, A
            // would run once, after a linger that B could not join.
            java.util.concurrent.atomic.AtomicInteger runs = new java.util.concurrent.atomic.AtomicInteger();
            CountDownLatch aRuns = new CountDownLatch(1);
            java.util.concurrent.CompletableFuture<Integer> a = new java.util.concurrent.CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    a.complete(committer.submit(
                            connection -> {
                                connection.get("INSERT INTO t (x) VALUES ('a')").executeUpdate(); // kept by the cache
                                if (runs.incrementAndGet() == 1) {
                                    aRuns.countDown();
                                    long deadline = System.nanoTime()
                                            + Duration.ofSeconds(30).toNanos();
                                    while (committer.queued() == 0) {
                                        if (System.nanoTime() > deadline) {
                                            throw new IllegalStateException("B never queued while A ran");
                                        }
                                        Thread.onSpinWait();
                                    }
                                }
                                return 1;
                            },
                            Duration.ofSeconds(30),
                            IllegalArgumentException::new));
                } catch (RuntimeException e) {
                    a.completeExceptionally(e);
                }
            });
            assertThat(aRuns.await(30, TimeUnit.SECONDS)).isTrue();
            assertThatThrownBy(() -> committer.submit(
                            connection -> {
                                return connection
                                        .get("INSERT INTO missing VALUES (1)")
                                        .executeUpdate();
                            },
                            Duration.ofSeconds(30),
                            IllegalArgumentException::new))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("missing");
            assertThat(a.get(30, TimeUnit.SECONDS)).isEqualTo(1);
            int rows = committer.submit(
                    connection -> {
                        try (java.sql.ResultSet row =
                                connection.get("SELECT count(*) FROM t").executeQuery()) {
                            row.next();
                            return row.getInt(1);
                        }
                    },
                    Duration.ofSeconds(30),
                    IllegalArgumentException::new);
            assertThat(runs)
                    .as("A ran in B's batch, and again alone after B failed it")
                    .hasValue(2);
            assertThat(rows)
                    .as("A's first run was rolled back with B, then A ran again alone")
                    .isEqualTo(1);
            assertThat(committer.flushes() - flushes)
                    .as("A alone, then the count")
                    .isEqualTo(2);
        }
    }
}
