package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.testing.Actor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** An {@code ordered_set}: the set's operations, with keys in order. */
class OrderedSetTableTest {

    private static final TableOptions PUBLIC = TableOptions.defaults().withAccess(TableAccess.PUBLIC);

    private final Node node = Node.start("ordered-set");
    private final Actor owner = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    private SetTable<Integer, String> table() {
        SetTable<Integer, String> table = owner.run(self -> Table.orderedSet(self, PUBLIC));
        for (int k : new int[] {50, 10, 40, 20, 30}) {
            table.insert(k, "v" + k);
        }
        return table;
    }

    @Test
    void keysWalkInOrderBothWays() {
        SetTable<Integer, String> table = table();
        assertThat(table.type()).isEqualTo(TableType.ORDERED_SET);
        List<Integer> forward = new ArrayList<>();
        for (Optional<Integer> k = table.first(); k.isPresent(); k = table.next(k.get())) {
            forward.add(k.get());
        }
        List<Integer> backward = new ArrayList<>();
        for (Optional<Integer> k = table.last(); k.isPresent(); k = table.previous(k.get())) {
            backward.add(k.get());
        }
        assertThat(forward).containsExactly(10, 20, 30, 40, 50);
        assertThat(backward).containsExactly(50, 40, 30, 20, 10);
    }

    @Test
    void nextAndPreviousNeedNotStartFromAKeyOfTheTable() {
        SetTable<Integer, String> table = table();
        assertThat(table.next(25)).contains(30);
        assertThat(table.previous(25)).contains(20);
        assertThat(table.next(50)).isEmpty();
        assertThat(table.previous(10)).isEmpty();
    }

    @Test
    void toListAndSelectComeInKeyOrder() {
        SetTable<Integer, String> table = table();
        assertThat(table.toList()).extracting(Entry::key).containsExactly(10, 20, 30, 40, 50);
        assertThat(table.select((k, v) -> k >= 30)).extracting(Entry::value).containsExactly("v30", "v40", "v50");
    }

    @Test
    void aContinuationResumesAfterItsLastKeyAndMayBeUsedAgain() {
        SetTable<Integer, String> table = table();
        SelectPage<Integer, String> page = table.select((k, v) -> true, 2);
        assertThat(page.matches()).extracting(Entry::key).containsExactly(10, 20);
        SelectContinuation<Integer, String> more = page.continuation().orElseThrow();
        table.insert(25, "v25"); // after the continuation's key: the next page sees it
        table.insert(5, "v5"); // before it: not seen
        SelectPage<Integer, String> second = table.select(more);
        assertThat(second.matches()).extracting(Entry::key).containsExactly(25, 30);
        assertThat(table.select(more).matches())
                .as("used again")
                .extracting(Entry::key)
                .containsExactly(25, 30);
        SelectPage<Integer, String> last = table.select(second.continuation().orElseThrow());
        assertThat(last.matches()).extracting(Entry::key).containsExactly(40, 50);
        assertThat(last.hasMore()).isFalse();
    }

    @Test
    void aComparatorDecidesOrderAndSameness() {
        SetTable<String, Integer> table =
                owner.run(self -> Table.orderedSet(self, String.CASE_INSENSITIVE_ORDER.reversed(), PUBLIC));
        table.insert("b", 1);
        table.insert("A", 2);
        table.insert("B", 3); // the same key as "b"
        assertThat(table.toList()).containsExactly(new Entry<>("b", 3), new Entry<>("A", 2));
        assertThat(table.size()).isEqualTo(2);
        assertThat(table.first()).contains("b");
    }

    @Test
    void countersAndElementUpdatesWorkAsInASet() {
        SetTable<Integer, Long> table =
                owner.run(self -> Table.orderedSet(self, Comparator.<Integer>naturalOrder(), PUBLIC));
        assertThat(table.updateCounter(1, CounterField.value(), 2, 10L)).isEqualTo(12);
        assertThat(table.updateCounter(1, CounterField.value(), 3)).isEqualTo(15);
        assertThat(table.updateElement(1, v -> v * 2)).isTrue();
        assertThat(table.lookup(1)).contains(30L);
        assertThat(table.size()).isEqualTo(1);
        assertThat(table.info().memoryBytes()).isGreaterThan(0);
    }

    @Test
    void aCounterUpdateThatFailsChangesNothing() {
        SetTable<Integer, Long> table =
                owner.run(self -> Table.orderedSet(self, Comparator.<Integer>naturalOrder(), PUBLIC));
        assertThatThrownBy(() -> table.updateCounter(7, CounterField.value(), 1))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no object under key 7");
        assertThat(table.member(7)).isFalse();
        assertThat(table.updateCounter(7, CounterField.value(), 1, Long.MAX_VALUE - 1))
                .isEqualTo(Long.MAX_VALUE);
        assertThatThrownBy(() -> table.updateCounter(7, CounterField.value(), 1))
                .isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> table.updateCounter(8, CounterField.value(), 2, Long.MAX_VALUE))
                .isInstanceOf(ArithmeticException.class);
        assertThat(table.lookup(7)).contains(Long.MAX_VALUE);
        assertThat(table.member(8)).isFalse();
        assertThat(table.size()).isEqualTo(1);
    }
}
