package io.otp4j.table;

/**
 * Who may use a table, as ETS's {@code public}, {@code protected} and {@code private}. The owner may always
 * read and write. An operation the caller may not do throws {@link TableAccessException}.
 */
public enum TableAccess {
    /** Every thread may read and write, inside a process or not. */
    PUBLIC,
    /** Every thread may read; only the owner's thread may write. The default, as in ETS. */
    PROTECTED,
    /** Only the owner's thread may read or write. */
    PRIVATE;

    /** {@return whether a caller that is not the owner may read} */
    public boolean othersMayRead() {
        return this != PRIVATE;
    }

    /** {@return whether a caller that is not the owner may write} */
    public boolean othersMayWrite() {
        return this == PUBLIC;
    }

    /** {@return the ETS name of this mode, such as {@code protected}} */
    public String etsName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
