package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Actor;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Access modes, enforced against the calling process: the owner may do anything; others may read and write
 * a public table, read a protected one, and do nothing with a private one.
 */
class AccessTest {

    private final Node node = Node.start("access");
    private final Actor owner = Actor.spawn(node);
    private final Actor other = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    private SetTable<String, Integer> table(TableAccess access) {
        return owner.run(self -> {
            SetTable<String, Integer> table =
                    Table.set(self, TableOptions.defaults().withAccess(access).withName("t-" + access.etsName()));
            table.insert("k", 1);
            return table;
        });
    }

    @Test
    void theDefaultIsProtected() {
        SetTable<String, Integer> table = owner.run(self -> Table.set(self));
        assertThat(table.access()).isEqualTo(TableAccess.PROTECTED);
        assertThat(table.owner()).isEqualTo(owner.pid());
    }

    @Test
    void aPublicTableTakesReadsAndWritesFromAnyProcessOrThread() {
        SetTable<String, Integer> table = table(TableAccess.PUBLIC);
        other.run(self -> {
            table.insert("k", 2);
            return table.updateElement("k", v -> v + 1);
        });
        table.insert("j", 3); // from the test's thread, outside any process
        assertThat(other.<Optional<Integer>>run(self -> table.lookup("k"))).contains(3);
        assertThat(owner.<Optional<Integer>>run(self -> table.lookup("j"))).contains(3);
    }

    @Test
    void aProtectedTableRefusesWritesFromOthersNamingTableProcessAndMode() {
        SetTable<String, Integer> table = table(TableAccess.PROTECTED);
        assertThat(other.<Optional<Integer>>run(self -> table.lookup("k"))).contains(1);
        assertThat(table.lookup("k")).contains(1);
        assertThatThrownBy(() -> other.run(self -> {
                    table.insert("k", 2);
                    return null;
                }))
                .isInstanceOfSatisfying(TableAccessException.class, e -> {
                    assertThat(e.caller()).contains(other.pid());
                    assertThat(e.access()).isEqualTo(TableAccess.PROTECTED);
                    assertThat(e.operation()).isEqualTo("insert");
                    assertThat(e.table()).contains("\"t-protected\"");
                })
                .hasMessageContaining("process " + other.pid() + " may not insert")
                .hasMessageContaining("\"t-protected\"")
                .hasMessageContaining("protected")
                .hasMessageContaining("only its owner " + owner.pid());
        assertThatThrownBy(() -> table.delete("k"))
                .isInstanceOf(TableAccessException.class)
                .hasMessageContaining("outside the processes of node access");
        assertThatThrownBy(() -> table.updateCounter("k", CounterField.of(v -> v, (v, n) -> (int) n), 1))
                .isInstanceOf(TableAccessException.class);
        assertThatThrownBy(table::deleteTable).isInstanceOf(TableAccessException.class);
        assertThat(table.lookup("k")).as("nothing refused was done").contains(1);
        owner.run(self -> {
            table.insert("k", 5);
            return null;
        });
        assertThat(table.lookup("k")).contains(5);
    }

    @Test
    void aPrivateTableRefusesEvenReadsFromOthers() {
        SetTable<String, Integer> table = table(TableAccess.PRIVATE);
        assertThat(owner.<Optional<Integer>>run(self -> table.lookup("k"))).contains(1);
        assertThatThrownBy(() -> other.run(self -> table.lookup("k")))
                .isInstanceOfSatisfying(
                        TableAccessException.class, e -> assertThat(e.access()).isEqualTo(TableAccess.PRIVATE))
                .hasMessageContaining("process " + other.pid() + " may not lookup")
                .hasMessageContaining("private");
        assertThatThrownBy(table::toList).isInstanceOf(TableAccessException.class);
        assertThatThrownBy(table::info).isInstanceOf(TableAccessException.class);
        assertThatThrownBy(table::first).isInstanceOf(TableAccessException.class);
        assertThatThrownBy(() -> table.select((k, v) -> true, 1)).isInstanceOf(TableAccessException.class);
        assertThat(Table.whereis(node, "t-private"))
                .as("a private table's name is still known")
                .isPresent();
    }

    @Test
    void onlyTheOwnerGivesAwayOrSetsTheHeirWhateverTheMode() {
        SetTable<String, Integer> table = table(TableAccess.PUBLIC);
        assertThatThrownBy(() -> other.run(self -> {
                    table.giveAway(self.self(), "mine");
                    return null;
                }))
                .isInstanceOf(TableAccessException.class)
                .hasMessageContaining("may not giveAway");
        assertThatThrownBy(() -> other.run(self -> {
                    table.setHeir(self.self(), "mine");
                    return null;
                }))
                .isInstanceOf(TableAccessException.class)
                .hasMessageContaining("may not setHeir");
        assertThatThrownBy(table::clearHeir).isInstanceOf(TableAccessException.class);
        assertThat(table.owner()).isEqualTo(owner.pid());
        assertThat(table.heir()).isEqualTo(Optional.empty());
    }

    @Test
    void aBagChecksAccessToo() {
        BagTable<String, Integer> bag = owner.run(self -> Table.bag(self, TableOptions.defaults()));
        assertThatThrownBy(() -> bag.insert("k", 1)).isInstanceOf(TableAccessException.class);
        assertThat(bag.lookup("k")).isEmpty();
        BagTable<String, Integer> hidden = owner.run(
                self -> Table.duplicateBag(self, TableOptions.defaults().withAccess(TableAccess.PRIVATE)));
        assertThatThrownBy(() -> hidden.lookup("k")).isInstanceOf(TableAccessException.class);
    }
}
