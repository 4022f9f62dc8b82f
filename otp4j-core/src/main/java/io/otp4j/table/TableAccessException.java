package io.otp4j.table;

import io.otp4j.process.Pid;
import java.util.Optional;

/**
 * The caller may not do this to the table: a write to a protected table, any use of a private one, or an
 * owner's operation ({@code giveAway}, {@code setHeir}) by a caller that is not the owner. The message names
 * the table, the operation, the calling process (or thread, outside any process) and the access mode.
 */
public final class TableAccessException extends TableException {

    /** The operation refused, such as {@code insert}. */
    private final String operation;

    /** The calling process, or empty outside the table's node's processes; not serialized. */
    private final transient Optional<Pid> caller;

    /** The table's access mode. */
    private final TableAccess access;

    TableAccessException(
            String table, String operation, Optional<Pid> caller, String callerText, TableAccess access, String rule) {
        super(table, callerText + " may not " + operation + " table " + table + ": " + rule);
        this.operation = operation;
        this.caller = caller;
        this.access = access;
    }

    /** {@return the operation refused, such as {@code insert}} */
    public String operation() {
        return operation;
    }

    /** {@return the calling process, or empty when the caller ran outside the table's node's processes} */
    public Optional<Pid> caller() {
        return caller;
    }

    /** {@return the table's access mode} */
    public TableAccess access() {
        return access;
    }
}
