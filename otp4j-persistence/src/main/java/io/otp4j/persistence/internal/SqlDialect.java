package io.otp4j.persistence.internal;

import java.util.List;

/** What differs between the SQL databases the stores run on: the types of the tables' columns. */
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

    /** {@return the statements that create the tables, when missing} */
    public List<String> schema() {
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
