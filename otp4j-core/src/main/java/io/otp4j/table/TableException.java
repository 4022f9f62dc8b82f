package io.otp4j.table;

import io.otp4j.process.OtpException;

/**
 * A table operation that cannot be done: the caller may not ({@link TableAccessException}), the table is
 * deleted ({@link TableDeletedException}), or a name is taken ({@link TableNameTakenException}). ETS reports all
 * of these as {@code badarg}; here each names the table and what was asked.
 */
public abstract sealed class TableException extends OtpException
        permits TableAccessException, TableDeletedException, TableNameTakenException {

    /** The table concerned, as it prints. */
    private final String table;

    TableException(String table, String message) {
        super(message);
        this.table = table;
    }

    /** {@return the table concerned, as it prints (its name or number, kind, access and owner)} */
    public String table() {
        return table;
    }
}
