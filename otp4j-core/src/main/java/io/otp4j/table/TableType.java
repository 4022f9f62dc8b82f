package io.otp4j.table;

/** The kind of a table, as ETS's {@code set}, {@code ordered_set}, {@code bag} and {@code duplicate_bag}. */
public enum TableType {
    /** One value per key; keys in no particular order ({@code set}). */
    SET,
    /** One value per key; keys in the table's order ({@code ordered_set}). */
    ORDERED_SET,
    /** Several values per key, no two equal under the same key ({@code bag}). */
    BAG,
    /** Several values per key, equal ones included ({@code duplicate_bag}). */
    DUPLICATE_BAG;

    /** {@return whether the table holds at most one value per key} */
    public boolean isSet() {
        return this == SET || this == ORDERED_SET;
    }

    /** {@return the ETS name of this kind, such as {@code ordered_set}} */
    public String etsName() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
