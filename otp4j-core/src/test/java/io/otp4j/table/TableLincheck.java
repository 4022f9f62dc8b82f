package io.otp4j.table;

import io.otp4j.process.Node;
import io.otp4j.testing.LincheckOptions;
import java.util.Comparator;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * What the table Lincheck tests share: their options ({@link LincheckOptions}, with fewer invocations per
 * iteration) and the tables under test.
 *
 * <p>The tables are the real ones, built directly: public, so no operation consults the owner, and owned by the
 * node's pseudo-pid with no manager, since Lincheck's threads are not processes and a scenario has no owner to
 * lose. Every operation runs the same code as through {@link Table#set} and friends.
 */
final class TableLincheck {

    /** A node for the tables' identity; no process ever runs on it. */
    static final Node NODE = Node.start("lincheck");

    private static final TableOptions PUBLIC = TableOptions.defaults().withAccess(TableAccess.PUBLIC);

    private TableLincheck() {}

    static SetTableImpl<Integer, Long> set() {
        return new SetTableImpl<>(NODE, null, TableType.SET, PUBLIC, NODE.pid(), 0, null);
    }

    static SetTableImpl<Integer, Long> orderedSet() {
        return new SetTableImpl<>(NODE, null, TableType.ORDERED_SET, PUBLIC, NODE.pid(), 0, Comparator.naturalOrder());
    }

    static BagTableImpl<Integer, Integer> bag(TableType type) {
        return new BagTableImpl<>(NODE, null, type, PUBLIC, NODE.pid(), 0);
    }

    static ModelCheckingOptions modelChecking(Class<?> model) {
        // a model-checked table op walks many JDK map states: fewer, longer runs
        return LincheckOptions.modelChecking(model, 20);
    }

    static StressOptions stress(Class<?> model) {
        return LincheckOptions.stress(model);
    }
}
