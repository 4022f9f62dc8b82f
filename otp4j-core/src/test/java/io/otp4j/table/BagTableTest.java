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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@code bag} and {@code duplicate_bag}: several values per key, in insertion order. */
class BagTableTest {

    record Visit(String page, int seconds) {}

    private static final TableOptions PUBLIC = TableOptions.defaults().withAccess(TableAccess.PUBLIC);

    private final Node node = Node.start("bags");
    private final Actor owner = Actor.spawn(node);

    @AfterEach
    void close() {
        node.close();
    }

    private <V> BagTable<String, V> bag() {
        return owner.run(self -> Table.<String, V>bag(self, PUBLIC));
    }

    private <V> BagTable<String, V> duplicateBag() {
        return owner.run(self -> Table.<String, V>duplicateBag(self, PUBLIC));
    }

    @Test
    void aBagKeepsDistinctValuesInInsertionOrder() {
        BagTable<String, Integer> bag = bag();
        bag.insert("k", 3);
        bag.insert("k", 1);
        bag.insert("k", 3);
        bag.insert("k", 2);
        assertThat(bag.lookup("k")).containsExactly(3, 1, 2);
        assertThat(bag.lookup("none")).isEmpty();
        assertThat(bag.size()).isEqualTo(3);
        assertThat(bag.type()).isEqualTo(TableType.BAG);
    }

    @Test
    void aDuplicateBagKeepsEqualValuesToo() {
        BagTable<String, Integer> bag = duplicateBag();
        bag.insert("k", 3);
        bag.insert("k", 3);
        bag.insert("k", 1);
        assertThat(bag.lookup("k")).containsExactly(3, 3, 1);
        assertThat(bag.size()).isEqualTo(3);
        assertThat(bag.deleteObject("k", 3)).as("every copy goes").isTrue();
        assertThat(bag.lookup("k")).containsExactly(1);
        assertThat(bag.size()).isEqualTo(1);
    }

    @Test
    void deleteObjectRemovesOneValueAndTheKeyWithItsLast() {
        BagTable<String, Integer> bag = bag();
        bag.insert("k", 1);
        bag.insert("k", 2);
        assertThat(bag.deleteObject("k", 9)).isFalse();
        assertThat(bag.deleteObject("k", 1)).isTrue();
        assertThat(bag.lookup("k")).containsExactly(2);
        assertThat(bag.deleteObject("k", 2)).isTrue();
        assertThat(bag.member("k")).isFalse();
        assertThat(bag.deleteObject("k", 2)).isFalse();
        assertThat(bag.size()).isZero();
    }

    @Test
    void insertNewAddsOnlyUnderAnAbsentKey() {
        BagTable<String, Integer> bag = bag();
        assertThat(bag.insertNew("k", 1)).isTrue();
        assertThat(bag.insertNew("k", 2)).isFalse();
        assertThat(bag.lookup("k")).containsExactly(1);
    }

    @Test
    void deleteRemovesEveryValueOfTheKey() {
        BagTable<String, Integer> bag = duplicateBag();
        bag.insert("k", 1);
        bag.insert("k", 1);
        bag.insert("j", 5);
        assertThat(bag.delete("k")).isTrue();
        assertThat(bag.delete("k")).isFalse();
        assertThat(bag.size()).isEqualTo(1);
        bag.deleteAllObjects();
        assertThat(bag.size()).isZero();
        assertThat(bag.toList()).isEmpty();
    }

    @Test
    void lookupElementReadsAPartOfEachValue() {
        BagTable<String, Visit> bag = bag();
        bag.insert("ann", new Visit("/", 3));
        bag.insert("ann", new Visit("/a", 4));
        assertThat(bag.lookupElement("ann", Visit::page)).containsExactly("/", "/a");
        assertThatThrownBy(() -> bag.lookupElement("bob", Visit::page))
                .isInstanceOf(NoSuchElementException.class)
                .hasMessageContaining("no object under key bob");
    }

    @Test
    void toListSelectAndTheWalkCoverEveryValue() {
        BagTable<String, Integer> bag = duplicateBag();
        for (int i = 0; i < 30; i++) {
            bag.insert("k" + (i % 7), i);
        }
        assertThat(bag.toList()).hasSize(30);
        assertThat(bag.select((k, v) -> k.equals("k3")))
                .extracting(Entry::value)
                .containsExactly(3, 10, 17, 24);
        List<String> keys = new ArrayList<>();
        for (Optional<String> k = bag.first(); k.isPresent(); k = bag.next(k.get())) {
            keys.add(k.get());
        }
        assertThat(keys).hasSize(7).doesNotHaveDuplicates();
        assertThat(bag.previous(keys.get(0))).contains(keys.get(1));
        assertThat(bag.last()).isPresent();
    }

    @Test
    void aPagedSelectMayStopInsideOneKeysValues() {
        BagTable<String, Integer> bag = duplicateBag();
        for (int i = 0; i < 10; i++) {
            bag.insert("only", i);
        }
        SelectPage<String, Integer> page = bag.select((k, v) -> true, 4);
        List<Integer> seen =
                new ArrayList<>(page.matches().stream().map(Entry::value).toList());
        while (page.hasMore()) {
            page = bag.select(page.continuation().orElseThrow());
            seen.addAll(page.matches().stream().map(Entry::value).toList());
        }
        assertThat(seen).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(new HashSet<>(bag.lookup("only"))).hasSize(10);
    }

    @Test
    void infoCountsValuesNotKeys() {
        BagTable<String, Integer> bag = duplicateBag();
        bag.insert("a", 1);
        bag.insert("a", 1);
        bag.insert("b", 2);
        TableInfo info = bag.info();
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.type()).isEqualTo(TableType.DUPLICATE_BAG);
        assertThat(info.memoryBytes()).isGreaterThan(TableCore.BASE_BYTES);
    }
}
