package io.otp4j.table;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The sequential model the set and ordered-set Lincheck tests share: a table of one element per key is a map
 * from key to value. Each test's model adds the operations only its table type has.
 */
public abstract class MapModel {

    /** The model's state; a subclass picks the kind of map. */
    protected final Map<Integer, Long> map;

    protected MapModel(Map<Integer, Long> map) {
        this.map = map;
    }

    public void insert(int key, int value) {
        map.put(key, (long) value);
    }

    public boolean insertNew(int key, int value) {
        return map.putIfAbsent(key, (long) value) == null;
    }

    public Optional<Long> lookup(int key) {
        return Optional.ofNullable(map.get(key));
    }

    public boolean delete(int key) {
        return map.remove(key) != null;
    }

    public long updateCounter(int key, int increment) {
        long next = map.getOrDefault(key, 0L) + increment;
        map.put(key, next);
        return next;
    }

    public boolean updateElement(int key) {
        Long v = map.get(key);
        if (v == null) {
            return false;
        }
        map.put(key, v * 2);
        return true;
    }

    @Override
    public final boolean equals(@Nullable Object o) {
        return o != null && o.getClass() == getClass() && map.equals(((MapModel) o).map);
    }

    @Override
    public final int hashCode() {
        return Objects.hash(map);
    }
}
