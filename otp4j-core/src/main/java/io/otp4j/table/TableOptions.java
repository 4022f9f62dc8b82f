package io.otp4j.table;

import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * How to create a table: its access mode, an optional node-wide name, and an optional heir. Immutable; each
 * {@code with…} returns a copy. The kind of table is chosen by the factory ({@link Table#set}, {@link
 * Table#orderedSet}, {@link Table#bag}, {@link Table#duplicateBag}).
 *
 * @param access who may read and write ({@link TableAccess#PROTECTED} by default, as in ETS)
 * @param name a node-wide name ({@code named_table}); taken names fail the creation with {@link
 *     TableNameTakenException}
 * @param heir the process that inherits the table when its owner dies
 */
public record TableOptions(TableAccess access, Optional<String> name, Optional<Heir> heir) {

    private static final TableOptions DEFAULTS =
            new TableOptions(TableAccess.PROTECTED, Optional.empty(), Optional.empty());

    /** Checks the parts: no null, and a name that is not blank. */
    public TableOptions {
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(heir, "heir");
        name.ifPresent(TableOptions::checkName);
    }

    /** {@return protected, unnamed, no heir} */
    public static TableOptions defaults() {
        return DEFAULTS;
    }

    /**
     * {@return a copy with the given access mode}
     *
     * @param access who may read and write: {@code PUBLIC} anyone, {@code PROTECTED} (the default) anyone reads and
     *     the owner writes, {@code PRIVATE} the owner only
     */
    public TableOptions withAccess(TableAccess access) {
        Objects.requireNonNull(access, "access");
        return new TableOptions(access, name, heir);
    }

    /**
     * {@return a copy with a node-wide name}
     *
     * @param name the name the table is found by with {@code whereis}, unique among the node's live tables; not
     *     blank
     */
    public TableOptions withName(String name) {
        Objects.requireNonNull(name, "name");
        return new TableOptions(access, Optional.of(name), heir);
    }

    /**
     * {@return a copy whose table passes to {@code heir}, told {@code data}, when its owner dies}
     *
     * @param heir the process that owns the table once its owner exits, if it is still alive then (else the table
     *     is deleted)
     * @param data what the heir receives in its {@link TableTransfer}, to tell this table from others
     */
    public TableOptions withHeir(Pid heir, Object data) {
        Objects.requireNonNull(heir, "heir");
        Objects.requireNonNull(data, "data");
        return new TableOptions(access, name, Optional.of(new Heir(heir, data)));
    }

    static String checkName(String name) {
        Objects.requireNonNull(name, "table name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a table name must not be blank: \"" + name + "\"");
        }
        return name;
    }
}
