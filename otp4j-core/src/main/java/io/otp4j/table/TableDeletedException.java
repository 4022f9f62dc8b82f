package io.otp4j.table;

/**
 * The table was deleted (by {@link Table#deleteTable()}, or with its owner, or with its node) before this
 * operation. The message names the table and the operation.
 */
public final class TableDeletedException extends TableException {

    /** The operation refused, such as {@code lookup}. */
    private final String operation;

    TableDeletedException(String table, String operation) {
        super(table, "cannot " + operation + " table " + table + ": the table has been deleted");
        this.operation = operation;
    }

    /** {@return the operation refused, such as {@code lookup}} */
    public String operation() {
        return operation;
    }
}
