package io.otp4j.persistence;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Direct access to a store's SQLite file, to look at what it holds and to damage it on purpose. */
final class Sqlite {

    private Sqlite() {}

    static void execute(Path file, String sql) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                Statement statement = connection.createStatement()) {
            statement.execute("PRAGMA busy_timeout=10000");
            statement.execute(sql);
        }
    }

    static List<Long> eventSequences(Path file, String identity) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement query =
                        connection.prepareStatement("SELECT seq FROM otp4j_events WHERE identity = ? ORDER BY seq")) {
            query.setString(1, identity);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    seqs.add(rows.getLong(1));
                }
            }
            return seqs;
        }
    }

    static byte[] snapshot(Path file, String identity) throws SQLException {
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
                PreparedStatement query =
                        connection.prepareStatement("SELECT snapshot FROM otp4j_durable WHERE identity = ?")) {
            query.setString(1, identity);
            try (ResultSet rows = query.executeQuery()) {
                if (!rows.next()) {
                    throw new AssertionError("no record of " + identity);
                }
                return rows.getBytes(1);
            }
        }
    }
}
