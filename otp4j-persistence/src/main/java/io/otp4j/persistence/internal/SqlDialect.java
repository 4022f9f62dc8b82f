package io.otp4j.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * What differs between the SQL databases the stores run on: the types of the tables' columns, and the lock a write
 * takes on the record row it reads.
 */
public enum SqlDialect {
    /** SQLite: the embedded default. */
    SQLITE("INTEGER", "BLOB"),
    /** PostgreSQL: a server for clusters. */
    POSTGRESQL("BIGINT", "BYTEA");

    private final String integer;
    private final String bytes;

    SqlDialect(String integer, String bytes) {
        this.integer = integer;
        this.bytes = bytes;
    }

    /**
     * {@return the dialect of the database behind {@code connection}}
     *
     * @param connection an open connection
     * @throws SQLException if the database cannot be asked, or is neither SQLite nor PostgreSQL
     */
    public static SqlDialect of(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        return switch (product) {
            case "SQLite" -> SQLITE;
            case "PostgreSQL" -> POSTGRESQL;
            default -> throw new SQLException("a durable store runs on SQLite or PostgreSQL, not on " + product);
        };
    }

    /**
     * {@return the clause that ends a SELECT reading the record row {@code alias}, so that no other transaction
     * changes that row before this one commits} Empty on SQLite, where one transaction writes at a time.
     *
     * @param alias the record table's alias in the SELECT
     */
    public String lockReadRecord(String alias) {
        return this == POSTGRESQL ? " FOR SHARE OF " + alias : "";
    }

    /** {@return the statements that create the tables, when missing} */
    public List<String> schema() {
        List<String> tables = new java.util.ArrayList<>(tables());
        if (this == POSTGRESQL) {
            // The count of claims (see Fences): one row, moved first by every claim.
            tables.add("CREATE TABLE IF NOT EXISTS otp4j_claims (id INTEGER PRIMARY KEY, claims BIGINT NOT NULL)");
            tables.add("INSERT INTO otp4j_claims (id, claims) VALUES (1, 0) ON CONFLICT DO NOTHING");
        }
        return tables;
    }

    private List<String> tables() {
        return List.of(
                "CREATE TABLE IF NOT EXISTS otp4j_durable (identity TEXT PRIMARY KEY, incarnation " + integer
                        + " NOT NULL, version " + integer + " NOT NULL, snapshot_version " + integer
                        + " NOT NULL, schema_version INTEGER NOT NULL, snapshot " + bytes + ")",
                "CREATE TABLE IF NOT EXISTS otp4j_events (identity TEXT NOT NULL, seq " + integer
                        + " NOT NULL, schema_version INTEGER NOT NULL, payload " + bytes
                        + " NOT NULL, PRIMARY KEY (identity, seq))",
                "CREATE TABLE IF NOT EXISTS otp4j_casts (identity TEXT NOT NULL, seq " + integer
                        + " NOT NULL, schema_version INTEGER NOT NULL, payload " + bytes
                        + " NOT NULL, PRIMARY KEY (identity, seq))");
    }
}
