package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Actor;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The operations of a {@code set} table, each against ETS's meaning. */
class SetTableTest {

    record Stats(String page, long views) {}

    private static final TableOptions PUBLIC = TableOptions.defaults().withAccess(TableAccess.PUBLIC);

    private final Node node = Node.start("set-table");
    private final Actor owner = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    private <V> SetTable<String, V> table() {
        return owner.run(self -> Table.<String, V>set(self, PUBLIC));
    }

    @Test
    void insertReplacesTheValueUnderAKey() {
        SetTable<String, Integer> table = table();
        table.insert("a", 1);
        table.insert("a", 2);
        assertThat(table.lookup("a")).contains(2);
        assertThat(table.lookup("b")).isEmpty();
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.member("a")).isTrue();
        assertThat(table.member("b")).isFalse();
    }

    @Test
    void insertNewLeavesAPresentKeyAlone() {
        SetTable<String, Integer> table = table();
        assertThat(table.insertNew("a", 1)).isTrue();
        assertThat(table.insertNew("a", 2)).isFalse();
        assertThat(table.lookup("a")).contains(1);
        assertThat(table.size()).isEqualTo(1);
    }

    @Test
    void deleteAndDeleteObject() {
        SetTable<String, Integer> table = table();
        table.insert("a", 1);
        table.insert("b", 2);
        assertThat(table.deleteObject("a", 9)).as("another value: kept").isFalse();
        assertThat(table.lookup("a")).contains(1);
        assertThat(table.deleteObject("a", 1)).isTrue();
        assertThat(table.lookup("a")).isEmpty();
        assertThat(table.delete("b")).isTrue();
        assertThat(table.delete("b")).isFalse();
        assertThat(table.size()).isZero();
        table.insert("c", 3);
        table.insert("d", 4);
        table.deleteAllObjects();
        assertThat(table.toList()).isEmpty();
        assertThat(table.size()).isZero();
        assertThat(table.isDeleted()).isFalse();
    }

    @Test
    void lookupElementReadsAPartOfTheValue() {
        SetTable<String, Stats> table = table();
        table.insert("home", new Stats("/", 7));
        assertThat(table.lookupElement("home", Stats::views)).isEqualTo(7L);
        assertThat(table.lookupElement("away", Stats::views, -1L)).isEqualTo(-1L);
        assertThatThrownBy(() -> table.lookupElement("away", Stats::views))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no object under key away");
    }

    @Test
    void updateCounterAddsAtomicallyAndStartsFromTheInitialValue() {
        SetTable<String, Long> table = table();
        assertThat(table.updateCounter("hits", CounterField.value(), 1, 0L)).isEqualTo(1);
        assertThat(table.updateCounter("hits", CounterField.value(), 5)).isEqualTo(6);
        assertThat(table.updateCounter("hits", CounterField.value(), -10)).isEqualTo(-4);
        assertThat(table.lookup("hits")).contains(-4L);
        assertThat(table.updateCounter("other", CounterField.value(), 3, 100L)).isEqualTo(103);
        assertThat(table.size()).isEqualTo(2);
        assertThatThrownBy(() -> table.updateCounter("missing", CounterField.value(), 1))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no object under key missing");
        assertThat(table.member("missing")).isFalse();
    }

    @Test
    void updateCounterOnARecordFieldKeepsTheOtherFields() {
        SetTable<String, Stats> table = table();
        CounterField<Stats> views = CounterField.of(Stats::views, (s, n) -> new Stats(s.page(), n));
        table.insert("home", new Stats("/", 1));
        assertThat(table.updateCounter("home", views, 2)).isEqualTo(3);
        assertThat(table.lookup("home")).contains(new Stats("/", 3));
        assertThat(table.updateCounter("new", views, 1, new Stats("/new", 0))).isEqualTo(1);
        assertThat(table.lookup("new")).contains(new Stats("/new", 1));
    }

    @Test
    void anOverflowingCounterFailsAndLeavesTheValue() {
        SetTable<String, Long> table = table();
        table.insert("big", Long.MAX_VALUE);
        assertThatThrownBy(() -> table.updateCounter("big", CounterField.value(), 1))
                .isInstanceOf(ArithmeticException.class);
        assertThat(table.lookup("big")).contains(Long.MAX_VALUE);
    }

    @Test
    void updateElementReplacesAPresentValueOnly() {
        SetTable<String, Stats> table = table();
        table.insert("home", new Stats("/", 1));
        assertThat(table.updateElement("home", s -> new Stats("/index", s.views())))
                .isTrue();
        assertThat(table.lookup("home")).contains(new Stats("/index", 1));
        assertThat(table.updateElement("away", s -> new Stats("/x", 0))).isFalse();
        assertThat(table.member("away")).isFalse();
    }

    @Test
    void firstAndNextWalkEveryKeyOnce() {
        SetTable<String, Integer> table = table();
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            table.insert("k" + i, i);
            keys.add("k" + i);
        }
        List<String> walked = new ArrayList<>();
        for (Optional<String> k = table.first(); k.isPresent(); k = table.next(k.get())) {
            walked.add(k.get());
            if (walked.size() == 50) {
                table.delete(k.get()); // deleting where the walk stands does not lose its place
            }
        }
        assertThat(walked).hasSize(200).doesNotHaveDuplicates();
        assertThat(new HashSet<>(walked)).isEqualTo(keys);
        assertThat(table.last()).as("a set's last is its first").isPresent();
    }

    @Test
    void nextFromAnotherKeyOfTheTableFindsItsPlace() {
        SetTable<String, Integer> table = table();
        table.insert("a", 1);
        table.insert("b", 2);
        table.insert("c", 3);
        List<String> order = new ArrayList<>();
        for (Optional<String> k = table.first(); k.isPresent(); k = table.next(k.get())) {
            order.add(k.get());
        }
        table.first(); // parks a walk at the first key
        assertThat(table.next(order.get(1))).contains(order.get(2));
        assertThat(table.previous(order.get(0)))
                .as("a set's previous is its next")
                .contains(order.get(1));
        assertThat(table.next(order.get(2))).isEmpty();
        assertThatThrownBy(() -> table.next("zz"))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("key zz is not in table");
    }

    @Test
    void anEmptyTableHasNoFirstKey() {
        SetTable<String, Integer> table = table();
        assertThat(table.first()).isEmpty();
        assertThat(table.last()).isEmpty();
    }

    @Test
    void toListAndSelect() {
        SetTable<String, Integer> table = table();
        for (int i = 0; i < 10; i++) {
            table.insert("k" + i, i);
        }
        assertThat(table.toList()).hasSize(10).contains(new Entry<>("k3", 3));
        assertThat(table.select((k, v) -> v % 2 == 0))
                .extracting(Entry::value)
                .containsExactlyInAnyOrder(0, 2, 4, 6, 8);
    }

    @Test
    void selectWithALimitPagesThroughEveryMatchOnce() {
        SetTable<String, Integer> table = table();
        for (int i = 0; i < 100; i++) {
            table.insert("k" + i, i);
        }
        List<Integer> seen = new ArrayList<>();
        SelectPage<String, Integer> page = table.select((k, v) -> v % 3 == 0, 7);
        int pages = 1;
        seen.addAll(page.matches().stream().map(Entry::value).toList());
        while (page.hasMore()) {
            SelectContinuation<String, Integer> more = page.continuation().orElseThrow();
            page = table.select(more);
            pages++;
            assertThat(page.matches()).hasSizeLessThanOrEqualTo(7);
            seen.addAll(page.matches().stream().map(Entry::value).toList());
            assertThatThrownBy(() -> table.select(more))
                    .as("a set's continuation resumes once")
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("already used");
        }
        assertThat(seen).hasSize(34).doesNotHaveDuplicates().allMatch(v -> v % 3 == 0);
        assertThat(pages).isGreaterThanOrEqualTo(5);
    }

    @Test
    void infoTellsSettingsSizeAndMemory() {
        SetTable<String, Integer> table =
                owner.run(self -> Table.<String, Integer>set(self, PUBLIC.withName("info-table")));
        TableInfo empty = table.info();
        for (int i = 0; i < 1000; i++) {
            table.insert("k" + i, i);
        }
        TableInfo info = table.info();
        assertThat(info.name()).contains("info-table");
        assertThat(info.type()).isEqualTo(TableType.SET);
        assertThat(info.access()).isEqualTo(TableAccess.PUBLIC);
        assertThat(info.owner()).isEqualTo(owner.pid());
        assertThat(info.heir()).isEmpty();
        assertThat(info.size()).isEqualTo(1000);
        assertThat(info.memoryBytes()).isGreaterThan(empty.memoryBytes() + 1000 * 16);
        assertThat(table.toString())
                .contains("\"info-table\"", "set", "public", owner.pid().toString());
    }
}
