/**
 * otp4j persistence: durable state for generic servers. A durable server's state (or its events) is stored
 * before the reply is sent; writes of many servers share one flush; one incarnation writes an identity at a time.
 * The embedded default store is SQLite; PostgreSQL serves clusters. The committer and the SQL live in {@code
 * io.otp4j.persistence.internal}, which is not exported.
 */
module io.otp4j.persistence {
    requires transitive io.otp4j.core;
    requires java.sql;
    requires org.xerial.sqlitejdbc;
    requires org.postgresql.jdbc;
    requires static org.jspecify;

    exports io.otp4j.persistence;
}
