package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Actor;
import io.otp4j.testing.NullArguments;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad arguments get a clear exception naming the argument, and change nothing. */
class TableBadInputTest {

    private static final TableOptions PUBLIC = TableOptions.defaults().withAccess(TableAccess.PUBLIC);

    private final Node node = Node.start("bad-input");
    private final Actor owner = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aTableIsCreatedOnlyOnItsOwnersThread() {
        ProcessContext context = owner.run(self -> self);
        assertThatThrownBy(() -> Table.set(context))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("create it on " + owner.pid() + "'s own thread");
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose, as a caller without NullAway could
    void nullsAreRefusedByName() {
        SetTable<String, Integer> set = owner.run(self -> Table.set(self, PUBLIC));
        BagTable<String, Integer> bag = owner.run(self -> Table.bag(self, PUBLIC));
        assertThatThrownBy(() -> set.insert(null, 1)).hasMessage("key");
        assertThatThrownBy(() -> set.insert("k", null)).hasMessage("value");
        assertThatThrownBy(() -> bag.insert("k", null)).hasMessage("value");
        assertThatThrownBy(() -> set.lookup(null)).hasMessage("key");
        assertThatThrownBy(() -> set.updateCounter("k", null, 1)).hasMessage("field");
        assertThatThrownBy(() -> set.updateElement("k", null)).hasMessage("update");
        assertThatThrownBy(() -> set.select((java.util.function.BiPredicate<String, Integer>) null))
                .hasMessage("match");
        assertThatThrownBy(() -> set.giveAway(null, "x")).hasMessage("to");
        assertThatThrownBy(() -> owner.run(self -> Table.set(self, null))).hasMessage("options");
        assertThatThrownBy(() -> new Entry<>("k", null)).hasMessage("value");
    }

    @Test
    void aSelectLimitMustBePositive() {
        SetTable<String, Integer> set = owner.run(self -> Table.set(self, PUBLIC));
        assertThatThrownBy(() -> set.select((k, v) -> true, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("limit must be positive, not 0");
    }

    @Test
    void aContinuationBelongsToItsTable() {
        SetTable<Integer, Integer> one = owner.run(self -> Table.orderedSet(self, PUBLIC));
        SetTable<Integer, Integer> two = owner.run(self -> Table.orderedSet(self, PUBLIC));
        one.insert(1, 1);
        one.insert(2, 2);
        SelectContinuation<Integer, Integer> more =
                one.select((k, v) -> true, 1).continuation().orElseThrow();
        assertThatThrownBy(() -> two.select(more))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("the continuation is of table #");
    }

    @Test
    void namesMustNotBeBlank() {
        assertThatThrownBy(() -> TableOptions.defaults().withName(" "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("a table name must not be blank: \" \"");
        assertThatThrownBy(() -> Table.whereis(node, "")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anHeirMustBeOfTheTablesNode() {
        try (Node other = Node.start("other")) {
            Actor foreign = Actor.spawn(other);
            assertThatThrownBy(() -> owner.run(
                            self -> Table.set(self, TableOptions.defaults().withHeir(foreign.pid(), "x"))))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the heir " + foreign.pid() + " is not a process of the table's node");
        }
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void everyOptionsBuilderNamesItsNullArgument() {
        assertThatThrownBy(() -> TableOptions.defaults().withName(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
        assertThat(NullArguments.check().with(Pid.class, owner.pid()).builders(TableOptions.defaults()))
                .contains(
                        "TableOptions.withAccess(access = null)",
                        "TableOptions.withName(name = null)",
                        "TableOptions.withHeir(heir = null)",
                        "TableOptions.withHeir(data = null)");
    }
}
