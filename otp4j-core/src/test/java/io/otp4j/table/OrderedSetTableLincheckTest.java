package io.otp4j.table;

import java.util.Optional;
import java.util.TreeMap;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of an {@code ordered_set} table against a sequential model (a sorted map): writes, counters
 * and the ordered walk ({@code first}, {@code last}, {@code next}, {@code previous}) racing on a few keys.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:4")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class OrderedSetTableLincheckTest {

    private final SetTable<Integer, Long> table = TableLincheck.orderedSet();

    @Operation
    public void insert(@Param(name = "key") int key, @Param(name = "value") int value) {
        table.insert(key, (long) value);
    }

    @Operation
    public boolean insertNew(@Param(name = "key") int key, @Param(name = "value") int value) {
        return table.insertNew(key, (long) value);
    }

    @Operation
    public Optional<Long> lookup(@Param(name = "key") int key) {
        return table.lookup(key);
    }

    @Operation
    public boolean delete(@Param(name = "key") int key) {
        return table.delete(key);
    }

    @Operation
    public long updateCounter(@Param(name = "key") int key, @Param(name = "value") int increment) {
        return table.updateCounter(key, CounterField.value(), increment, 0L);
    }

    @Operation
    public boolean updateElement(@Param(name = "key") int key) {
        return table.updateElement(key, v -> v * 2);
    }

    @Operation
    public Optional<Integer> first() {
        return table.first();
    }

    @Operation
    public Optional<Integer> last() {
        return table.last();
    }

    @Operation
    public Optional<Integer> next(@Param(name = "key") int key) {
        return table.next(key);
    }

    @Operation
    public Optional<Integer> previous(@Param(name = "key") int key) {
        return table.previous(key);
    }

    @Test
    void modelChecking() {
        TableLincheck.modelChecking(Model.class).check(getClass());
    }

    @Test
    void stress() {
        TableLincheck.stress(Model.class).check(getClass());
    }

    /** The sequential model: a sorted map, with the ordered walk. */
    public static final class Model extends MapModel {
        private final TreeMap<Integer, Long> sorted;

        public Model() {
            this(new TreeMap<>());
        }

        private Model(TreeMap<Integer, Long> sorted) {
            super(sorted);
            this.sorted = sorted;
        }

        public Optional<Integer> first() {
            return sorted.isEmpty() ? Optional.empty() : Optional.of(sorted.firstKey());
        }

        public Optional<Integer> last() {
            return sorted.isEmpty() ? Optional.empty() : Optional.of(sorted.lastKey());
        }

        public Optional<Integer> next(int key) {
            return Optional.ofNullable(sorted.higherKey(key));
        }

        public Optional<Integer> previous(int key) {
            return Optional.ofNullable(sorted.lowerKey(key));
        }
    }
}
