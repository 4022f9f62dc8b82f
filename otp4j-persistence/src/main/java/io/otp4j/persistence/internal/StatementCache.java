package io.otp4j.persistence.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The prepared statements of one connection, kept from one batch to the next: preparing a statement costs the
 * database a parse (and PostgreSQL a round trip), which a batch of one write would otherwise pay per statement.
 * Holds at most {@value #KEPT} statements, closing the one used least recently. Used by one thread at a time.
 */
public final class StatementCache implements AutoCloseable {

    private static final int KEPT = 64;

    private final Connection connection;
    private @Nullable SqlDialect dialect;
    private final LinkedHashMap<String, PreparedStatement> statements = new LinkedHashMap<>(16, 0.75f, true) {
        private static final long serialVersionUID = 1L;

        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
            if (size() <= KEPT) {
                return false;
            }
            closeQuietly(eldest.getValue());
            return true;
        }
    };

    /**
     * Keeps the statements of {@code connection}.
     *
     * @param connection the connection the statements run on; not closed by {@link #close}
     */
    public StatementCache(Connection connection) {
        this.connection = connection;
    }

    /**
     * {@return the prepared statement of {@code sql}, with no batch queued}
     *
     * @param sql the statement's text
     * @throws SQLException if the database cannot prepare it
     */
    public PreparedStatement get(String sql) throws SQLException {
        PreparedStatement statement = statements.get(sql);
        if (statement == null || statement.isClosed()) {
            statement = connection.prepareStatement(sql);
            statements.put(sql, statement);
        } else {
            statement.clearBatch(); // a batch that failed half way leaves nothing for the next one
        }
        return statement;
    }

    /**
     * {@return the dialect of the connection's database}, asked once
     *
     * @throws SQLException if the database cannot be asked, or is neither SQLite nor PostgreSQL
     */
    public SqlDialect dialect() throws SQLException {
        SqlDialect known = dialect;
        if (known == null) {
            known = SqlDialect.of(connection);
            dialect = known;
        }
        return known;
    }

    /** {@return the connection the statements run on} */
    public Connection connection() {
        return connection;
    }

    /** Closes every statement kept; the connection stays open. */
    @Override
    public void close() {
        statements.values().forEach(StatementCache::closeQuietly);
        statements.clear();
    }

    private static void closeQuietly(PreparedStatement statement) {
        try {
            statement.close();
        } catch (SQLException ignored) {
            // Closing is best effort: the connection's own close releases what is left.
        }
    }
}
