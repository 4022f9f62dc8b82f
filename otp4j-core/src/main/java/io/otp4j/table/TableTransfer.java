package io.otp4j.table;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * The message a process receives when it becomes a table's owner (ETS's {@code {'ETS-TRANSFER', Tab, FromPid,
 * Data}}): from {@link Table#giveAway}, or as the heir of an owner that died.
 *
 * @param table the table, now owned by the receiver
 * @param from the previous owner (for an heir: the owner that died)
 * @param data the gift data of {@code giveAway}, or the heir data
 */
public record TableTransfer(Table<?, ?> table, Pid from, Object data) {

    /** Checks that no part is null. */
    public TableTransfer {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(data, "data");
    }
}
