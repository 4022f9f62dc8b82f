package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Actor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Named tables: one node-wide name per live table, found with {@code whereis}. */
class NamedTableTest {

    private final Node node = Node.start("names");
    private final Actor owner = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    @Test
    void aNameFindsItsTableOnItsNodeOnly() {
        SetTable<String, Integer> table =
                owner.run(self -> Table.set(self, TableOptions.defaults().withName("users")));
        assertThat(table.name()).contains("users");
        assertThat(Table.whereis(node, "users")).containsSame(table);
        assertThat(SetTable.<String, Integer>whereis(node, "users")).containsSame(table);
        assertThat(Table.whereis(node, "nobody")).isEmpty();
        try (Node other = Node.start("names")) {
            assertThat(Table.whereis(other, "users"))
                    .as("another node, even of the same name")
                    .isEmpty();
        }
    }

    @Test
    void aTakenNameFailsTheCreationNamingTheHolder() {
        SetTable<String, Integer> first =
                owner.run(self -> Table.set(self, TableOptions.defaults().withName("users")));
        Actor other = Actor.spawn(node);
        assertThatThrownBy(() -> other.run(
                        self -> Table.bag(self, TableOptions.defaults().withName("users"))))
                .isInstanceOfSatisfying(
                        TableNameTakenException.class, e -> assertThat(e.name()).isEqualTo("users"))
                .hasMessageContaining(
                        "table name \"users\" is taken by table \"users\" (set, protected, owner " + owner.pid());
        assertThat(Table.whereis(node, "users")).containsSame(first);
    }

    @Test
    void theTypedLookupChecksTheKind() {
        owner.run(self -> Table.bag(self, TableOptions.defaults().withName("visits")));
        owner.run(self -> Table.set(self, TableOptions.defaults().withName("users")));
        assertThat(BagTable.whereis(node, "visits")).isPresent();
        assertThatThrownBy(() -> SetTable.whereis(node, "visits"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("table \"visits\" is a bag, not a SetTable");
        assertThatThrownBy(() -> BagTable.whereis(node, "users"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("is a set, not a BagTable");
    }

    @Test
    void unnamedTablesPrintTheirNumber() {
        SetTable<String, Integer> table = owner.run(self -> Table.set(self));
        assertThat(table.name()).isEmpty();
        assertThat(table.toString()).matches("#\\d+ \\(set, protected, owner <names\\.\\d+>\\)");
    }
}
