package io.otp4j.table;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * The process that inherits a table when its owner dies, and the data it is told with the table (ETS's {@code
 * {heir, Pid, HeirData}}). The heir receives a {@link TableTransfer} carrying {@code data}. If the heir is not
 * alive when the owner dies, the table is deleted.
 *
 * @param pid the heir, a process of the table's node
 * @param data what the heir's {@link TableTransfer} carries (immutable, like every message)
 */
public record Heir(Pid pid, Object data) {

    /** Checks that neither part is null. */
    public Heir {
        Objects.requireNonNull(pid, "heir pid");
        Objects.requireNonNull(data, "heir data");
    }
}
