package io.otp4j.table;

/** Another live table of the node already has this name; the message names it and the table holding it. */
public final class TableNameTakenException extends TableException {

    /** The name asked for. */
    private final String name;

    TableNameTakenException(String name, String holder) {
        super(holder, "table name \"" + name + "\" is taken by table " + holder);
        this.name = name;
    }

    /** {@return the name asked for} */
    public String name() {
        return name;
    }
}
