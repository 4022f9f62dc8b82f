package io.otp4j.persistence;

import io.otp4j.persistence.internal.Checkpointer;
import io.otp4j.persistence.internal.Fences;
import io.otp4j.persistence.internal.GroupCommitter;
import io.otp4j.persistence.internal.Link;
import io.otp4j.persistence.internal.SqlDialect;
import io.otp4j.persistence.internal.SqlRecords;
import io.otp4j.persistence.internal.StatementCache;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Properties;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.ToLongFunction;
import org.jspecify.annotations.Nullable;

/**
 * A {@link DurableStore} on an SQL database: {@link #sqlite} embedded in the JVM, the default, which needs no
 * setup, or {@link #postgresql} on a server, for clusters whose servers restart on other nodes. A committer
 * thread owns a write connection and commits the writes that arrive together in one transaction (group commit);
 * replays read on a connection of their own. SQLite, which takes one writer at a time, has one committer. A
 * PostgreSQL store has {@value #POSTGRESQL_WRITERS} unless told otherwise, each on a connection of its own: an
 * identity's work all goes to one of them, chosen by the identity, so that it commits in the order it was made,
 * while one committer's batch commits as another's is sent.
 *
 * <p>Durability: SQLite runs in write-ahead-log mode with {@code synchronous=FULL}, so a commit is on disk when
 * it returns; PostgreSQL commits with its server's {@code synchronous_commit}, on by default. A SQLite store also
 * runs a thread of its own, on a third connection, that copies the log into the database file, so that no commit
 * waits for that copy.
 */
public final class SqlStore implements DurableStore {

    /** The most writes one transaction takes. */
    private static final int MAX_BATCH = 512;

    /**
     * A PostgreSQL store's write connections unless told otherwise: two, so that one batch commits while the next
     * is sent (ADR 33, "Two write connections on PostgreSQL").
     */
    public static final int POSTGRESQL_WRITERS = 2;

    /** The most write connections a PostgreSQL store takes. */
    public static final int MAX_WRITERS = 16;

    /** How long a write waits for its batch to commit before it fails. */
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(30);

    private final String name;

    /**
     * The committers, each on a write connection of its own: an identity's claims, writes and casts all go to the
     * same one ({@link #committer}), so they commit in the order they were made. SQLite has one.
     */
    private final GroupCommitter[] committers;

    /** What each committer knows of the identities it wrote, by committer. */
    private final Fences[] fences;

    /** The read connection and its statements, opened again when lost. Used holding {@link #reading}. */
    private final Link reader;

    /** SQLite's: copies the write-ahead log into the database file, so that commits do not; null on PostgreSQL. */
    private final @Nullable Checkpointer checkpointer;

    private final ReentrantLock reading = new ReentrantLock();
    private final LongAdder writes = new LongAdder();

    private SqlStore(
            String name,
            SqlDialect dialect,
            List<Connection> writers,
            Link.Opener writerOpener,
            Connection reader,
            Link.Opener readers,
            @Nullable Connection checkpointing)
            throws SQLException {
        this.name = name;
        try (Statement ddl = writers.get(0).createStatement()) {
            for (String statement : dialect.schema()) {
                ddl.execute(statement);
            }
        }
        this.reader = new Link("the read connection to the store " + name, reader, readers);
        int count = writers.size();
        this.fences = new Fences[count];
        this.committers = new GroupCommitter[count];
        for (int i = 0; i < count; i++) {
            fences[i] = new Fences(dialect);
            String connection = count == 1 ? "the connection" : "write connection " + (i + 1) + " of " + count;
            // A lone writer commits on its own thread on SQLite, where the busy timeout bounds every wait; not on
            // PostgreSQL, where a server that stops answering must not hold a caller past its timeout.
            committers[i] = new GroupCommitter(
                    name,
                    count == 1 ? name : name + "-" + (i + 1),
                    new Link(connection + " to the store " + name, writers.get(i), writerOpener),
                    MAX_BATCH,
                    e -> new StoreException("the store " + name + " failed to commit: " + e, e),
                    dialect == SqlDialect.SQLITE,
                    fences[i],
                    dialect == SqlDialect.SQLITE);
        }
        GroupCommitter first = committers[0];
        this.checkpointer = checkpointing == null ? null : new Checkpointer(name, checkpointing, first::flushes);
    }

    /**
     * Opens (creating if missing) the SQLite database {@code file}: the embedded store, durable on each commit.
     *
     * @param file the database file; its folder must exist
     * @return the store, with its tables created if missing
     * @throws StoreException if the file cannot be opened or written, naming it
     */
    public static SqlStore sqlite(Path file) {
        return sqlite(file, 0);
    }

    /**
     * Opens the SQLite database {@code file}, limited to {@code maxPages} pages of 4 KiB (0 for no limit): a store
     * that fills up refuses writes with a {@link StoreException} and keeps what it holds.
     *
     * @param file the database file; its folder must exist
     * @param maxPages the most pages the file may hold, or 0 for no limit
     * @return the store, with its tables created if missing
     * @throws IllegalArgumentException if {@code maxPages} is negative
     * @throws StoreException if the file cannot be opened or written, naming it
     */
    public static SqlStore sqlite(Path file, long maxPages) {
        Objects.requireNonNull(file, "file");
        if (maxPages < 0) {
            throw new IllegalArgumentException("a page limit is 0 (none) or more, was " + maxPages);
        }
        Path parent = file.toAbsolutePath().getParent();
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StoreException("cannot open the SQLite store " + file + ": its folder does not exist");
        }
        String url = "jdbc:sqlite:" + file.toAbsolutePath();
        String name = "sqlite:" + file.getFileName();
        List<String> writerPragmas = new ArrayList<>(List.of(
                "PRAGMA journal_mode=WAL",
                "PRAGMA synchronous=FULL",
                "PRAGMA busy_timeout=10000",
                // The checkpointer's thread copies the log into the file; the committer only if that thread lags.
                "PRAGMA wal_autocheckpoint=" + Checkpointer.BACKSTOP_PAGES));
        if (maxPages > 0) {
            writerPragmas.add("PRAGMA max_page_count=" + maxPages);
        }
        Link.Opener writers = () -> sqliteConnection(url, writerPragmas);
        Link.Opener readers = () -> sqliteConnection(url, List.of("PRAGMA busy_timeout=10000"));
        Connection writer = null;
        Connection reader = null;
        Connection checkpointing = null;
        try {
            writer = writers.open();
            reader = readers.open();
            checkpointing = DriverManager.getConnection(url);
            return new SqlStore(name, SqlDialect.SQLITE, List.of(writer), writers, reader, readers, checkpointing);
        } catch (SQLException e) {
            closeQuietly(checkpointing);
            closeQuietly(reader);
            closeQuietly(writer);
            throw new StoreException("cannot open the SQLite store " + file + ": " + e.getMessage(), e);
        }
    }

    /**
     * Connects to PostgreSQL at {@code jdbcUrl} (such as {@code jdbc:postgresql://127.0.0.1:5432/app}) and creates
     * the tables if missing, with {@value #POSTGRESQL_WRITERS} write connections.
     *
     * @param jdbcUrl the server's JDBC URL, starting with {@code jdbc:postgresql:}
     * @param user the database user
     * @param password the user's password
     * @return the store, on connections of its own: {@value #POSTGRESQL_WRITERS} for writes, one for replays
     * @throws IllegalArgumentException if the URL is not a PostgreSQL one
     * @throws StoreException if the server cannot be reached or refuses, naming the URL
     */
    public static SqlStore postgresql(String jdbcUrl, String user, String password) {
        return postgresql(jdbcUrl, user, password, POSTGRESQL_WRITERS);
    }

    /**
     * Connects to PostgreSQL at {@code jdbcUrl} with {@code writers} write connections, each with a committer of its
     * own. An identity's claims, writes and durable casts all go to one of them, chosen by the identity, so they
     * commit in the order they were made; different identities commit side by side, one batch committing while
     * the next is sent. More connections help while the database server has processors to spare.
     *
     * @param jdbcUrl the server's JDBC URL, starting with {@code jdbc:postgresql:}
     * @param user the database user
     * @param password the user's password
     * @param writers how many write connections, 1 to {@value #MAX_WRITERS}
     * @return the store, on {@code writers} connections for writes and one for replays
     * @throws IllegalArgumentException if the URL is not a PostgreSQL one, or {@code writers} is out of range
     * @throws StoreException if the server cannot be reached or refuses, naming the URL
     */
    public static SqlStore postgresql(String jdbcUrl, String user, String password, int writers) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        if (!jdbcUrl.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a PostgreSQL URL starts with jdbc:postgresql:, was " + jdbcUrl);
        }
        if (writers < 1 || writers > MAX_WRITERS) {
            throw new IllegalArgumentException(
                    "a PostgreSQL store has 1 to " + MAX_WRITERS + " write connections, was " + writers);
        }
        Properties properties = new Properties();
        properties.setProperty("user", Objects.requireNonNull(user, "user"));
        properties.setProperty("password", Objects.requireNonNull(password, "password"));
        properties.setProperty("connectTimeout", "10");
        properties.setProperty("socketTimeout", "60");
        // A batch of event rows goes to the server as multi-row INSERTs rather than one statement run per row.
        properties.setProperty("reWriteBatchedInserts", "true");
        Link.Opener opener = () -> DriverManager.getConnection(jdbcUrl, properties);
        List<Connection> opened = new ArrayList<>(writers + 1);
        try {
            for (int i = 0; i < writers; i++) {
                opened.add(opener.open());
            }
            Connection reader = opener.open();
            opened.add(reader);
            return new SqlStore(
                    "postgresql:" + jdbcUrl.substring("jdbc:postgresql:".length()),
                    SqlDialect.POSTGRESQL,
                    List.copyOf(opened.subList(0, writers)),
                    opener,
                    reader,
                    opener,
                    null);
        } catch (SQLException e) {
            for (Connection each : opened) {
                closeQuietly(each);
            }
            throw new StoreException("cannot reach the PostgreSQL store " + jdbcUrl + ": " + e.getMessage(), e);
        }
    }

    /** {@return a connection to {@code url} that has run {@code pragmas}} It is closed if one fails. */
    private static Connection sqliteConnection(String url, List<String> pragmas) throws SQLException {
        Connection connection = DriverManager.getConnection(url);
        try (Statement pragma = connection.createStatement()) {
            for (String each : pragmas) {
                pragma.execute(each);
            }
        } catch (SQLException e) {
            closeQuietly(connection);
            throw e;
        }
        return connection;
    }

    @Override
    public StoredRecord claim(String identity) {
        checkIdentity(identity);
        return committer(identity).submit(c -> SqlRecords.claim(c, identity), COMMIT_TIMEOUT, StoreException::new);
    }

    @Override
    public void write(DurableWrite write) {
        Objects.requireNonNull(write, "write");
        committer(write.identity()).write(write, COMMIT_TIMEOUT, StoreException::new);
        writes.increment();
    }

    @Override
    public void write(DurableWrite write, Consumer<@Nullable RuntimeException> whenDone) {
        Objects.requireNonNull(write, "write");
        Objects.requireNonNull(whenDone, "whenDone");
        committer(write.identity()).writeThen(write, COMMIT_TIMEOUT, StoreException::new, failed -> {
            if (failed == null) {
                writes.increment();
            }
            whenDone.accept(failed);
        });
    }

    /** {@return the committer of {@code identity}'s claims, writes and casts} */
    private GroupCommitter committer(String identity) {
        GroupCommitter[] all = committers;
        return all.length == 1 ? all[0] : all[Math.floorMod(identity.hashCode(), all.length)];
    }

    /** {@return the transactions each write connection's committer has committed, by connection} (for tests) */
    long[] flushesByConnection() {
        long[] flushes = new long[committers.length];
        for (int i = 0; i < flushes.length; i++) {
            flushes[i] = committers[i].flushes();
        }
        return flushes;
    }

    /** {@return how many writes went in plainly on what the committers knew, summed over them} (for tests) */
    long plainWrites() {
        return summed(Fences::plainWrites);
    }

    /** {@return how many transactions ran again after what was known proved stale, summed} (for tests) */
    long reruns() {
        return summed(Fences::reruns);
    }

    /** {@return {@code counter} summed over the committers' {@link Fences}} */
    private long summed(ToLongFunction<Fences> counter) {
        long sum = 0;
        for (Fences each : fences) {
            sum += counter.applyAsLong(each);
        }
        return sum;
    }

    /** {@return how many transactions were one statement, committed as it ended, summed} (for tests) */
    long aloneCommits() {
        return summed(Fences::aloneCommits);
    }

    /** {@return the writes this store has committed since it opened} */
    public long writes() {
        return writes.sum();
    }

    /**
     * {@return the transactions this store has committed since it opened}: each is one durable flush, shared by the
     * claims and writes that arrived together
     */
    public long flushes() {
        return Arrays.stream(flushesByConnection()).sum();
    }

    @Override
    public void replay(String identity, long after, Consumer<StoredEvent> each) {
        checkIdentity(identity);
        Objects.requireNonNull(each, "each");
        read("the events", identity, each, (c, sink) -> SqlRecords.replay(c, identity, after, sink));
    }

    @Override
    public long enqueueCast(String identity, byte[] payload, int schemaVersion) {
        checkIdentity(identity);
        Objects.requireNonNull(payload, "payload");
        return committer(identity)
                .submitLeavingRecords(
                        c -> SqlRecords.enqueueCast(c, identity, payload, schemaVersion),
                        COMMIT_TIMEOUT,
                        StoreException::new);
    }

    @Override
    public void pendingCasts(String identity, long after, Consumer<StoredEvent> each) {
        checkIdentity(identity);
        Objects.requireNonNull(each, "each");
        read("the queued casts", identity, each, (c, sink) -> SqlRecords.pendingCasts(c, identity, after, sink));
    }

    /**
     * Reads rows into {@code each} on the read connection. If the connection was lost, it is opened again, and a
     * read that lost it before giving {@code each} a row runs once more on the new one; one that lost it later
     * fails, as {@code each} has seen part of the rows.
     */
    private void read(String what, String identity, Consumer<StoredEvent> each, Reading reading) {
        this.reading.lock();
        try {
            for (int attempt = 1; ; attempt++) {
                long[] given = {0};
                try {
                    reading.read(reader.statements(), row -> {
                        given[0]++;
                        each.accept(row);
                    });
                    reader.connection().rollback();
                    return;
                } catch (SQLException e) {
                    if (!reader.lostBy(e)) {
                        reader.rollbackQuietly();
                        throw readFailed(what, identity, e);
                    }
                    SQLException reopening = reader.reopen();
                    if (reopening != null) {
                        throw readFailed(what, identity, reopening);
                    }
                    if (given[0] > 0 || attempt > 1) {
                        throw readFailed(what, identity, e);
                    }
                }
            }
        } finally {
            this.reading.unlock();
        }
    }

    private StoreException readFailed(String what, String identity, SQLException e) {
        return new StoreException("the store " + name + " failed to read " + what + " of '" + identity + "': " + e, e);
    }

    /** A read on the store's read connection, giving its rows to {@code sink}. */
    @FunctionalInterface
    private interface Reading {
        void read(StatementCache statements, Consumer<StoredEvent> sink) throws SQLException;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void close() {
        if (checkpointer != null) {
            checkpointer.close();
        }
        for (GroupCommitter each : committers) {
            each.close();
        }
        reading.lock();
        try {
            reader.close();
        } finally {
            reading.unlock();
        }
    }

    @Override
    public String toString() {
        return "SqlStore[" + name + "]";
    }

    private static void checkIdentity(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank() || identity.length() > 512) {
            throw new IllegalArgumentException("an identity is 1 to 512 characters, not blank, was '" + identity + "'");
        }
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Already failing: the first error is the one to report.
            }
        }
    }
}
