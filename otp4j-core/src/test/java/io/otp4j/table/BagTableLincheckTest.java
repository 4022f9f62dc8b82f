package io.otp4j.table;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of a {@code duplicate_bag} table against a sequential model (a map of lists, oldest value
 * first): a key's values, read whole, are always those of one moment.
 */
@Param(name = "key", gen = IntGen.class, conf = "1:2")
@Param(name = "value", gen = IntGen.class, conf = "1:3")
public class BagTableLincheckTest {

    private final BagTable<Integer, Integer> table = TableLincheck.bag(TableType.DUPLICATE_BAG);

    @Operation
    public void insert(@Param(name = "key") int key, @Param(name = "value") int value) {
        table.insert(key, value);
    }

    @Operation
    public boolean insertNew(@Param(name = "key") int key, @Param(name = "value") int value) {
        return table.insertNew(key, value);
    }

    @Operation
    public List<Integer> lookup(@Param(name = "key") int key) {
        return List.copyOf(table.lookup(key));
    }

    @Operation
    public boolean delete(@Param(name = "key") int key) {
        return table.delete(key);
    }

    @Operation
    public boolean deleteObject(@Param(name = "key") int key, @Param(name = "value") int value) {
        return table.deleteObject(key, value);
    }

    @Operation
    public boolean member(@Param(name = "key") int key) {
        return table.member(key);
    }

    @Test
    void modelChecking() {
        TableLincheck.modelChecking(Model.class).check(getClass());
    }

    @Test
    void stress() {
        TableLincheck.stress(Model.class).check(getClass());
    }

    /** The sequential model: each key's values in insertion order; a key with none is absent. */
    public static final class Model {
        private final Map<Integer, List<Integer>> map = new HashMap<>();

        public void insert(int key, int value) {
            map.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
        }

        public boolean insertNew(int key, int value) {
            if (map.containsKey(key)) {
                return false;
            }
            insert(key, value);
            return true;
        }

        public List<Integer> lookup(int key) {
            return List.copyOf(map.getOrDefault(key, List.of()));
        }

        public boolean delete(int key) {
            return map.remove(key) != null;
        }

        public boolean deleteObject(int key, int value) {
            List<Integer> values = map.get(key);
            if (values == null || !values.removeIf(v -> v == value)) {
                return false;
            }
            if (values.isEmpty()) {
                map.remove(key);
            }
            return true;
        }

        public boolean member(int key) {
            return map.containsKey(key);
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Model m && map.equals(m.map);
        }

        @Override
        public int hashCode() {
            return Objects.hash(map);
        }
    }
}
