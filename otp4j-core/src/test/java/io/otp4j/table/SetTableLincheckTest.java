package io.otp4j.table;

import java.util.HashMap;
import java.util.Optional;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a {@code set} table against a sequential model (a plain map): inserts, deletes, counters
 * and element updates racing on a few keys.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:3")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class SetTableLincheckTest {

    private final SetTable<Integer, Long> table = TableLincheck.set();

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
    public long lookupElement(@Param(name = "key") int key) {
        return table.lookupElement(key, v -> v * 10, -1L);
    }

    @Operation
    public boolean member(@Param(name = "key") int key) {
        return table.member(key);
    }

    @Operation
    public boolean delete(@Param(name = "key") int key) {
        return table.delete(key);
    }

    @Operation
    public boolean deleteObject(@Param(name = "key") int key, @Param(name = "value") int value) {
        return table.deleteObject(key, (long) value);
    }

    @Operation
    public long updateCounter(@Param(name = "key") int key, @Param(name = "value") int increment) {
        return table.updateCounter(key, CounterField.value(), increment, 0L);
    }

    @Operation
    public @Nullable Long updateCounterIfPresent(@Param(name = "key") int key) {
        try {
            return table.updateCounter(key, CounterField.value(), 1);
        } catch (java.util.NoSuchElementException absent) {
            return null;
        }
    }

    @Operation
    public boolean updateElement(@Param(name = "key") int key) {
        return table.updateElement(key, v -> v * 2);
    }

    @Test
    void modelChecking() {
        TableLincheck.modelChecking(Model.class).check(getClass());
    }

    @Test
    void stress() {
        TableLincheck.stress(Model.class).check(getClass());
    }

    /** The sequential model: a hash map, with the operations only a set table has. */
    public static final class Model extends MapModel {
        public Model() {
            super(new HashMap<>());
        }

        public long lookupElement(int key) {
            Long v = map.get(key);
            return v == null ? -1L : v * 10;
        }

        public boolean member(int key) {
            return map.containsKey(key);
        }

        public boolean deleteObject(int key, int value) {
            return map.remove(key, (long) value);
        }

        public @Nullable Long updateCounterIfPresent(int key) {
            Long v = map.get(key);
            if (v == null) {
                return null;
            }
            map.put(key, v + 1);
            return v + 1;
        }
    }
}
