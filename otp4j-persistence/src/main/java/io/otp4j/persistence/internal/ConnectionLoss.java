package io.otp4j.persistence.internal;

import java.sql.Connection;
import java.sql.SQLException;

/** Tells a connection that is lost from one that only failed a statement. */
public final class ConnectionLoss {

    private ConnectionLoss() {}

    /**
     * {@return whether {@code failure} lost {@code connection}, so that it must be opened again} A connection is
     * lost when the database server ended the session (PostgreSQL's SQL states of class 57P: an administrator, a
     * shutdown, a crash), on a connection error (class 08), or when the driver has closed it.
     *
     * @param connection the connection the failure came from
     * @param failure the failure
     */
    public static boolean of(Connection connection, SQLException failure) {
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
}
