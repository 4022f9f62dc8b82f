package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.LincheckOptions;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.IntStream;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link OrderedTree} against a {@link TreeMap}: writes, increments and the ordered walk racing
 * on a tree of capacity 4 that starts two levels high (the even keys 2 to 24), over keys 1 to 26, so that most
 * writes split a leaf or empty and remove one, and the root may grow or collapse mid-scenario.
 *
 * <p>At capacity 4 a leaf is never merged (it goes only once empty), so the same operations also run on a tree of
 * capacity 8 whose leaves all start at their minimum of two keys ({@link SparseLeaves}): there one removal merges
 * two leaves. {@link MergeRace} is one fixed scenario: a removal that merges a leaf into its neighbour while other
 * threads fill that neighbour in place.
 */
public class OrderedTreeLincheckTest {

    /** The even keys 2 to 24: at capacity 4, a root over several leaves. */
    static List<Integer> evenKeys() {
        return List.of(2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24);
    }

    /** The operations, on a tree each subclass builds. */
    @Param(name = "key", gen = IntGen.class, conf = "1:26")
    @Param(name = "value", gen = IntGen.class, conf = "1:3")
    public abstract static class Operations {

        final OrderedTree<Integer, Long> tree;

        /** A tree of {@code capacity}: {@code put} put in order (each key its own value), then {@code removed} removed. */
        Operations(int capacity, List<Integer> put, List<Integer> removed) {
            tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
            put.forEach(k -> tree.put(k, (long) k));
            removed.forEach(tree::remove);
        }

        @Operation
        public Optional<Long> put(@Param(name = "key") int key, @Param(name = "value") int value) {
            return Optional.ofNullable(tree.put(key, (long) value));
        }

        @Operation
        public Optional<Long> putIfAbsent(@Param(name = "key") int key, @Param(name = "value") int value) {
            return Optional.ofNullable(tree.putIfAbsent(key, (long) value));
        }

        @Operation
        public Optional<Long> remove(@Param(name = "key") int key) {
            return Optional.ofNullable(tree.remove(key));
        }

        @Operation
        public Optional<Long> get(@Param(name = "key") int key) {
            return Optional.ofNullable(tree.get(key));
        }

        @Operation
        public long increment(@Param(name = "key") int key) {
            return Objects.requireNonNull(tree.compute(key, (k, v) -> (v == null ? 0L : v) + 1));
        }

        @Operation
        public Optional<Integer> firstKey() {
            return Optional.ofNullable(tree.firstKey());
        }

        @Operation
        public Optional<Integer> lastKey() {
            return Optional.ofNullable(tree.lastKey());
        }

        @Operation
        public Optional<Integer> higherKey(@Param(name = "key") int key) {
            return Optional.ofNullable(tree.higherKey(key));
        }

        @Operation
        public Optional<Integer> lowerKey(@Param(name = "key") int key) {
            return Optional.ofNullable(tree.lowerKey(key));
        }
    }

    @Test
    void theInitialTreesAreAsIntended() {
        OrderedTree<Integer, Long> even = new EvenKeys().tree;
        even.checkInvariants();
        assertThat(even.height()).isGreaterThanOrEqualTo(2);
        assertThat(even).isEqualTo(new Model().sorted);

        OrderedTree<Integer, Long> sparse = new SparseLeaves().tree;
        sparse.checkInvariants();
        assertThat(sparse.height()).isGreaterThanOrEqualTo(2);
        assertThat(sparse).isEqualTo(new SparseModel().sorted);

        OrderedTree<Integer, Long> two = new TwoLeaves().tree;
        two.checkInvariants();
        assertThat(two.height()).isEqualTo(2);
        assertThat(two).isEqualTo(new TwoLeavesModel().sorted);

        OrderedTree<Integer, Long> race = new MergeRace().tree;
        race.checkInvariants();
        assertThat(race.height()).isEqualTo(2);
        assertThat(race).isEqualTo(new MergeRaceModel().sorted);
    }

    @Test
    void modelChecking() {
        LincheckOptions.modelChecking(Model.class, 20).check(EvenKeys.class);
    }

    @Test
    void stress() {
        LincheckOptions.stress(Model.class).check(EvenKeys.class);
    }

    @Test
    void modelCheckingWithMerges() {
        LincheckOptions.modelChecking(SparseModel.class, 20).check(SparseLeaves.class);
    }

    @Test
    void stressWithMerges() {
        LincheckOptions.stress(SparseModel.class).check(SparseLeaves.class);
    }

    /**
     * Thread 1 removes 3 from the leaf [3, 4] (capacity 8, minimum 2), which merges it with its neighbour [8, 9, 10]
     * (1 + 3 keys fit in half a leaf); threads 2 and 3 put 11 to 15 into that neighbour, which has room for them in
     * place. Whatever the interleaving, every operation must return and the tree end as the model.
     */
    @Test
    void aMergeRacingInPlaceInsertsIntoTheNeighbour() throws NoSuchMethodException {
        ExecutionScenario scenario = new ExecutionScenario(
                List.of(),
                List.of(
                        List.of(actor("remove", 3)),
                        List.of(actor("put", 11, 1), actor("put", 12, 1), actor("put", 13, 1)),
                        List.of(actor("put", 14, 1), actor("put", 15, 1))),
                List.of(actor("get", 4), actor("get", 15), actor("firstKey"), actor("lastKey")),
                null);
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(400)
                .addCustomScenario(scenario)
                .sequentialSpecification(MergeRaceModel.class)
                .check(MergeRace.class);
    }

    /**
     * On the leaves [2, 4] and [8, 10] (capacity 4, separator 6), a walk that finds nothing in its first leaf goes
     * on to the next: {@code higherKey(4)} while 5 is put behind it and 8 removed ahead, {@code lowerKey(7)} while 6
     * is put behind it and 4 removed ahead. An answer of 10 or of 2 was never right.
     */
    @Test
    void aWalkIntoTheNextLeafMissesNoKeyAddedBehindIt() throws NoSuchMethodException {
        ExecutionScenario up = new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("higherKey", 4)), List.of(actor("put", 5, 1), actor("remove", 8))),
                List.of(actor("higherKey", 4)),
                null);
        ExecutionScenario down = new ExecutionScenario(
                List.of(),
                List.of(List.of(actor("lowerKey", 7)), List.of(actor("put", 6, 1), actor("remove", 4))),
                List.of(actor("lowerKey", 7)),
                null);
        new ModelCheckingOptions()
                .iterations(0)
                .invocationsPerIteration(100)
                .addCustomScenario(up)
                .addCustomScenario(down)
                .sequentialSpecification(TwoLeavesModel.class)
                .check(TwoLeaves.class);
    }

    private static Actor actor(String operation, int... arguments) throws NoSuchMethodException {
        Class<?>[] types = new Class<?>[arguments.length];
        java.util.Arrays.fill(types, int.class);
        return new Actor(
                Operations.class.getMethod(operation, types),
                java.util.Arrays.stream(arguments).boxed().map(a -> (Object) a).toList());
    }

    /** Capacity 4, the even keys 2 to 24. */
    public static final class EvenKeys extends Operations {
        public EvenKeys() {
            super(4, evenKeys(), List.of());
        }
    }

    /**
     * Capacity 8 (a leaf under two keys is merged into a neighbour when the two fit in half a leaf), its leaves all
     * at two keys: 1 to 26 put in order, then all but the last two of each leaf removed in place.
     */
    public static final class SparseLeaves extends Operations {
        public SparseLeaves() {
            super(
                    8,
                    upTo(26),
                    upTo(26).stream().filter(k -> !sparseKeys().contains(k)).toList());
        }
    }

    static List<Integer> upTo(int n) {
        return IntStream.rangeClosed(1, n).boxed().toList();
    }

    /**
     * The keys of {@link SparseLeaves}: 1 to 26 put in order make the leaves [1-4] [5-8] [9-12] [13-16] [17-20]
     * [21-26]; each keeps its last two.
     */
    static List<Integer> sparseKeys() {
        return List.of(3, 4, 7, 8, 11, 12, 15, 16, 19, 20, 25, 26);
    }

    /** Capacity 8, two leaves: [3, 4] and [8, 9, 10]. */
    public static final class MergeRace extends Operations {
        public MergeRace() {
            super(8, upTo(10), List.of(1, 2, 5, 6, 7)); // [1 2 3 4] [5 6 7 8 9 10], then in place
        }
    }

    /** Capacity 4, two leaves: [2, 4] and [8, 10], with 6 between them. */
    public static final class TwoLeaves extends Operations {
        public TwoLeaves() {
            super(4, List.of(2, 4, 6, 8, 10), List.of(6)); // [2 4] [6 8 10], then 6 removed in place
        }
    }

    /** The sequential model: a sorted map holding the same initial keys. */
    public static class Model {
        final TreeMap<Integer, Long> sorted = new TreeMap<>();

        public Model() {
            this(evenKeys());
        }

        Model(List<Integer> keys) {
            keys.forEach(k -> sorted.put(k, (long) k));
        }

        public Optional<Long> put(int key, int value) {
            return Optional.ofNullable(sorted.put(key, (long) value));
        }

        public Optional<Long> putIfAbsent(int key, int value) {
            return Optional.ofNullable(sorted.putIfAbsent(key, (long) value));
        }

        public Optional<Long> remove(int key) {
            return Optional.ofNullable(sorted.remove(key));
        }

        public Optional<Long> get(int key) {
            return Optional.ofNullable(sorted.get(key));
        }

        public long increment(int key) {
            long next = sorted.getOrDefault(key, 0L) + 1;
            sorted.put(key, next);
            return next;
        }

        public Optional<Integer> firstKey() {
            return sorted.isEmpty() ? Optional.empty() : Optional.of(sorted.firstKey());
        }

        public Optional<Integer> lastKey() {
            return sorted.isEmpty() ? Optional.empty() : Optional.of(sorted.lastKey());
        }

        public Optional<Integer> higherKey(int key) {
            return Optional.ofNullable(sorted.higherKey(key));
        }

        public Optional<Integer> lowerKey(int key) {
            return Optional.ofNullable(sorted.lowerKey(key));
        }

        @Override
        public final boolean equals(@Nullable Object o) {
            return o != null && o.getClass() == getClass() && sorted.equals(((Model) o).sorted);
        }

        @Override
        public final int hashCode() {
            return sorted.hashCode();
        }
    }

    /** The model of {@link SparseLeaves}. */
    public static final class SparseModel extends Model {
        public SparseModel() {
            super(sparseKeys());
        }
    }

    /** The model of {@link TwoLeaves}. */
    public static final class TwoLeavesModel extends Model {
        public TwoLeavesModel() {
            super(List.of(2, 4, 8, 10));
        }
    }

    /** The model of {@link MergeRace}. */
    public static final class MergeRaceModel extends Model {
        public MergeRaceModel() {
            super(List.of(3, 4, 8, 9, 10));
        }
    }
}
