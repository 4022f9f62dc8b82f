package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Actor;
import io.otp4j.testing.Within;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A table lives as long as its owner, passes to an heir, and can be given away; deletion is final. */
class OwnershipTest {

    private final Node node = Node.start("owners");
    private final Actor owner = Actor.spawn(node);
    private final Actor heir = Actor.spawn(node);
    private final Actor watcher = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    private SetTable<String, Integer> table(TableOptions options) {
        return owner.run(self -> {
            SetTable<String, Integer> table = Table.set(self, options);
            table.insert("k", 1);
            return table;
        });
    }

    private static void awaitDeleted(Table<?, ?> table) {
        Within.eventually("table " + table + " deleted", table::isDeleted);
    }

    @Test
    void theTableGoesWithItsOwner() {
        SetTable<String, Integer> table = table(TableOptions.defaults().withName("mine"));
        assertThat(Table.whereis(node, "mine")).containsSame(table);
        owner.kill(watcher);
        awaitDeleted(table);
        assertThat(Table.whereis(node, "mine")).isEmpty();
        assertThatThrownBy(() -> table.lookup("k"))
                .isInstanceOfSatisfying(
                        TableDeletedException.class,
                        e -> assertThat(e.operation()).isEqualTo("lookup"))
                .hasMessageContaining("cannot lookup table \"mine\"")
                .hasMessageContaining("deleted");
        SetTable<String, Integer> again =
                heir.run(self -> Table.set(self, TableOptions.defaults().withName("mine")));
        assertThat(Table.whereis(node, "mine")).as("the name is free again").containsSame(again);
    }

    @Test
    void anOwnerThatEndsNormallyTakesItsTableToo() throws Exception {
        CompletableFuture<SetTable<String, Integer>> made = new CompletableFuture<>();
        node.spawn(self -> made.complete(Table.set(self))); // returns at once: exits normally
        SetTable<String, Integer> table = made.get(Within.WAIT.toMillis(), TimeUnit.MILLISECONDS);
        awaitDeleted(table);
    }

    @Test
    void theHeirInheritsTheTableAndIsToldWithItsData() {
        SetTable<String, Integer> table = table(TableOptions.defaults().withHeir(heir.pid(), "heir data"));
        assertThat(table.heir()).contains(new Heir(heir.pid(), "heir data"));
        Pid dead = owner.pid();
        owner.kill(watcher);
        TableTransfer transfer = heir.expect(TableTransfer.class);
        assertThat(transfer.table()).isSameAs(table);
        assertThat(transfer.from()).isEqualTo(dead);
        assertThat(transfer.data()).isEqualTo("heir data");
        assertThat(table.isDeleted()).isFalse();
        assertThat(table.owner()).isEqualTo(heir.pid());
        assertThat(table.heir()).as("an heir inherits once").isEmpty();
        heir.run(self -> {
            table.insert("k", 2); // protected: the new owner may write
            return null;
        });
        assertThat(table.lookup("k")).contains(2);
        heir.kill(watcher);
        awaitDeleted(table);
    }

    @Test
    void anHeirThatIsNoLongerAliveInheritsNothing() {
        SetTable<String, Integer> table = table(TableOptions.defaults().withHeir(heir.pid(), "x"));
        heir.kill(watcher);
        owner.kill(watcher);
        awaitDeleted(table);
    }

    @Test
    void theHeirCanBeSetAndClearedLater() {
        SetTable<String, Integer> kept = table(TableOptions.defaults());
        SetTable<String, Integer> dropped = table(TableOptions.defaults());
        owner.run(self -> {
            kept.setHeir(heir.pid(), "later");
            dropped.setHeir(heir.pid(), "never");
            dropped.clearHeir();
            return null;
        });
        owner.kill(watcher);
        TableTransfer transfer = heir.expect(TableTransfer.class);
        assertThat(transfer.table()).isSameAs(kept);
        assertThat(transfer.data()).isEqualTo("later");
        awaitDeleted(dropped);
        assertThat(kept.isDeleted()).isFalse();
    }

    @Test
    void giveAwayHandsTheTableAndItsRightsToTheReceiver() {
        SetTable<String, Integer> table = table(TableOptions.defaults());
        owner.run(self -> {
            table.giveAway(heir.pid(), "gift");
            return null;
        });
        TableTransfer transfer = heir.expect(TableTransfer.class);
        assertThat(transfer).isEqualTo(new TableTransfer(table, owner.pid(), "gift"));
        assertThat(table.owner()).isEqualTo(heir.pid());
        assertThatThrownBy(() -> owner.run(self -> {
                    table.insert("k", 9);
                    return null;
                }))
                .as("the giver keeps only a reader's rights")
                .isInstanceOf(TableAccessException.class);
        heir.run(self -> {
            table.insert("k", 2);
            return null;
        });
        owner.kill(watcher);
        assertThat(heir.<Optional<Integer>>run(self -> table.lookup("k")))
                .as("the old owner's death does not touch it")
                .contains(2);
        heir.kill(watcher);
        awaitDeleted(table);
    }

    @Test
    void aTableCanChangeHandsManyTimesAndStillGoesWithItsLastOwner() {
        SetTable<String, Integer> table = table(TableOptions.defaults());
        Actor third = Actor.spawn(node);
        owner.run(self -> {
            table.giveAway(heir.pid(), 1);
            return null;
        });
        heir.expect(TableTransfer.class);
        heir.run(self -> {
            table.giveAway(third.pid(), 2);
            return null;
        });
        third.expect(TableTransfer.class);
        third.run(self -> {
            table.giveAway(owner.pid(), 3);
            return null;
        });
        assertThat(owner.expect(TableTransfer.class).data()).isEqualTo(3);
        heir.kill(watcher);
        third.kill(watcher);
        assertThat(owner.<Optional<Integer>>run(self -> table.lookup("k"))).contains(1);
        owner.kill(watcher);
        awaitDeleted(table);
    }

    @Test
    void giveAwayRefusesTheOwnerItselfAndProcessesNotAlive() {
        SetTable<String, Integer> table = table(TableOptions.defaults());
        Pid dead = watcher.run(self -> self.spawn(s -> {}));
        Within.eventually("the short-lived process exits", () -> !node.isAlive(dead));
        assertThatThrownBy(() -> owner.run(self -> {
                    table.giveAway(self.self(), "x");
                    return null;
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("owns it already");
        assertThatThrownBy(() -> owner.run(self -> {
                    table.giveAway(dead, "x");
                    return null;
                }))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a live process of node owners");
        try (Node elsewhere = Node.start("elsewhere")) {
            Pid foreign = Actor.spawn(elsewhere).pid();
            assertThatThrownBy(() -> owner.run(self -> {
                        table.giveAway(foreign, "x");
                        return null;
                    }))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> owner.run(self -> {
                        table.setHeir(foreign, "x");
                        return null;
                    }))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("not a process of the table's node owners");
        }
        assertThat(table.owner()).isEqualTo(owner.pid());
    }

    @Test
    void deleteTableIsFinal() {
        SetTable<String, Integer> table = table(TableOptions.defaults().withName("gone"));
        owner.run(self -> {
            table.deleteTable();
            return null;
        });
        assertThat(table.isDeleted()).isTrue();
        assertThat(Table.whereis(node, "gone")).isEmpty();
        assertThatThrownBy(() -> table.insert("k", 1)).isInstanceOf(TableDeletedException.class);
        assertThatThrownBy(table::size).isInstanceOf(TableDeletedException.class);
        assertThatThrownBy(() -> owner.run(self -> {
                    table.deleteTable();
                    return null;
                }))
                .isInstanceOf(TableDeletedException.class)
                .hasMessageContaining("cannot deleteTable");
        assertThatThrownBy(() -> owner.run(self -> {
                    table.giveAway(heir.pid(), "x");
                    return null;
                }))
                .isInstanceOf(TableDeletedException.class);
    }

    @Test
    void anyoneMayDeleteAPublicTable() {
        SetTable<String, Integer> table = table(TableOptions.defaults().withAccess(TableAccess.PUBLIC));
        table.deleteTable();
        assertThat(table.isDeleted()).isTrue();
        owner.kill(watcher); // its death finds nothing left to do
    }

    @Test
    void killingTheManagerDeletesItsTablesAndASuccessorGuardsNewOnes() {
        SetTable<String, Integer> first = table(TableOptions.defaults().withName("first"));
        Pid manager = TableManager.managerOf(node).orElseThrow();
        MonitorOf.down(watcher, manager, () -> node.exit(manager, ExitReason.kill()));
        awaitDeleted(first);
        assertThat(Table.whereis(node, "first")).isEmpty();
        SetTable<String, Integer> second = table(TableOptions.defaults().withName("first"));
        assertThat(TableManager.managerOf(node)).isPresent().get().isNotEqualTo(manager);
        owner.kill(watcher);
        awaitDeleted(second);
    }

    @Test
    void closingTheNodeDeletesItsTables() {
        SetTable<String, Integer> table = table(TableOptions.defaults());
        node.close();
        awaitDeleted(table);
        assertThat(TableManager.managerOf(node)).isEmpty();
    }

    /** Monitors a process from an actor, acts, and waits for its {@code Down}. */
    private static final class MonitorOf {
        static void down(Actor watcher, Pid target, Runnable action) {
            watcher.run(self -> self.monitor(target));
            action.run();
            watcher.expect(io.otp4j.process.Down.class);
        }
    }
}
