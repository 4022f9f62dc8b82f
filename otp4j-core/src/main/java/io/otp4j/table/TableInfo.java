package io.otp4j.table;

import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of a table's settings and size ({@code ets:info/1}).
 *
 * @param name the node-wide name, if the table has one
 * @param type the kind of table
 * @param access who may read and write
 * @param owner the owning process
 * @param heir the heir, if set
 * @param size the number of objects (for bags: of values, over all keys); exact when no write runs at the same
 *     time
 * @param memoryBytes an estimate of the bytes the table's own structure takes: its index of keys and its
 *     entries, not the keys and values themselves, which it holds by reference and shares with their users
 */
public record TableInfo(
        Optional<String> name,
        TableType type,
        TableAccess access,
        Pid owner,
        Optional<Pid> heir,
        long size,
        long memoryBytes) {

    /** Checks that no part is null. */
    public TableInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(heir, "heir");
    }
}
