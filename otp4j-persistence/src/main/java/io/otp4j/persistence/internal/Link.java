package io.otp4j.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;

/**
 * A connection for transactions (auto-commit off) and its prepared statements, opened again when it is lost: the
 * database server restarted or ended the session, a proxy dropped it, the network failed. Used by one thread at a
 * time (its owner's lock held).
 */
public final class Link implements AutoCloseable {

    /** Opens a connection, set up as the first one was. */
    @FunctionalInterface
    public interface Opener {
        /**
         * {@return a new connection to the store's database}
         *
         * @throws SQLException if the database cannot be reached
         */
        Connection open() throws SQLException;
    }

    private final String what;
    private final Opener opener;
    private Connection connection;
    private StatementCache statements;

    /**
     * Takes {@code first} for transactions.
     *
     * @param what the connection, for errors (such as "the connection to the store x")
     * @param first the connection, owned from now on (closed on {@link #close} or when lost)
     * @param opener opens it again once it is lost
     * @throws SQLException if auto-commit cannot be turned off
     */
    public Link(String what, Connection first, Opener opener) throws SQLException {
        first.setAutoCommit(false);
        this.what = what;
        this.opener = opener;
        this.connection = first;
        this.statements = new StatementCache(first);
    }

    /** {@return the connection now} */
    public Connection connection() {
        return connection;
    }

    /** {@return the connection's prepared statements, kept from one transaction to the next} */
    public StatementCache statements() {
        return statements;
    }

    /**
     * {@return whether {@code failure} lost the connection, so that it must be opened again} A connection is lost
     * when the database server ended the session (PostgreSQL's SQL states of class 57P: an administrator, a
     * shutdown, a crash), on a connection error (class 08), or when the driver has closed it.
     */
    public boolean lostBy(SQLException failure) {
        String state = failure.getSQLState();
        if (state != null && (state.startsWith("08") || state.startsWith("57P"))) {
            return true;
        }
        try {
            return connection.isClosed();
        } catch (SQLException e) {
            return true;
        }
    }

    /**
     * Closes the lost connection and opens a new one.
     *
     * @return null if it is open, or why it could not be opened (the next call tries again)
     */
    public @Nullable SQLException reopen() {
        close();
        Connection fresh = null;
        try {
            fresh = opener.open();
            fresh.setAutoCommit(false);
        } catch (SQLException e) {
            closeQuietly(fresh);
            return new SQLException(what + " was lost and cannot be opened again: " + e, e.getSQLState(), e);
        }
        connection = fresh;
        statements = new StatementCache(fresh);
        return null;
    }

    /** A statement run on the connection. */
    @FunctionalInterface
    public interface Statement {
        /**
         * Runs it.
         *
         * @throws SQLException if the database fails
         */
        void run() throws SQLException;
    }

    /**
     * Runs {@code statement} with auto-commit on, no transaction being open: the database commits it as it ends, so
     * the commit costs no round trip of its own. Auto-commit is off again afterwards; a connection that cannot turn
     * it off is closed, and the next statement finds it lost.
     *
     * @throws SQLException what the statement threw: it committed nothing (unless the connection was lost)
     */
    public void autoCommitted(Statement statement) throws SQLException {
        connection.setAutoCommit(true);
        try {
            statement.run();
        } finally {
            try {
                connection.setAutoCommit(false);
            } catch (SQLException e) {
                closeQuietly(connection);
            }
        }
    }

    /** Rolls the open transaction back, if the connection lets it; a failure is for the caller to report. */
    public void rollbackQuietly() {
        try {
            connection.rollback();
        } catch (SQLException ignored) {
            // Failing already: the error that led here is the one to report.
        }
    }

    /** Closes the statements and the connection. */
    @Override
    public void close() {
        statements.close();
        closeQuietly(connection);
    }

    private static void closeQuietly(@Nullable Connection connection) {
        if (connection != null) {
            try {
                connection.close();
            } catch (SQLException ignored) {
                // Closing is best effort: what was committed is durable already.
            }
        }
    }
}
