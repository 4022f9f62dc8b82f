package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.ConcurrentModificationException;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link OrderedTree} on one thread, against a {@link TreeMap}: random runs of every operation over a key range
 * wide enough for many splits, merges, root growths and collapses, each result compared with the model's and the
 * tree's invariants checked every few hundred operations; bulk loads and drains in both orders; other key types
 * and orders; bad arguments; a comparator that throws.
 *
 * <p>A random run that fails reports its seed, the failing operation and the ones before it, then shrinks the
 * run to a short sequence that still fails (replayed on a fresh tree), printed as calls on {@code tree}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderedTreeTest {

    /**
     * The key range of the random runs: wide enough for trees of several levels at every capacity. (Capacity 8 is
     * the smallest at which the tree merges sparse leaves; below it a leaf goes only once empty.)
     */
    private static final int KEYS = 2_000;

    /** Operations per random run. */
    private static final int OPERATIONS = 100_000;

    /** How often a random run checks the tree's invariants and compares its whole content. */
    private static final int CHECK_EVERY = 250;

    /** How long a random run (and its shrinking) may take before it is reported as hung. */
    private static final Duration RUN_LIMIT = Duration.ofSeconds(60);

    // ---------------------------------------------------------------------------------------------------------
    // Random runs against the model

    static Stream<Arguments> capacitiesAndSeeds() {
        return Stream.of(4, 5, 8, 32)
                .flatMap(capacity -> Stream.of(1L, 2L, 3L).map(seed -> Arguments.of(capacity, seed)));
    }

    @ParameterizedTest(name = "capacity {0}, seed {1}")
    @MethodSource("capacitiesAndSeeds")
    void randomOperationsMatchASortedMap(int capacity, long seed) {
        RandomRun<Integer> run =
                new RandomRun<>("capacity " + capacity, Comparator.naturalOrder(), capacity, i -> i, KEYS);
        run.runBounded(List.of(), seed, OPERATIONS);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 32})
    void aReverseOrderIsHonoured(int capacity) {
        RandomRun<Integer> run = new RandomRun<>(
                "reverse order, capacity " + capacity, Comparator.reverseOrder(), capacity, i -> i, KEYS);
        run.runBounded(List.of(), 11L, 30_000);
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 7})
    void stringKeysInTheirOwnOrder(int capacity) {
        // "k10" < "k9": the lexicographic order differs from the numbers'; each key is a new String each time
        RandomRun<String> run = new RandomRun<>(
                "string keys, capacity " + capacity, Comparator.naturalOrder(), capacity, i -> "k" + i, KEYS);
        run.runBounded(List.of(), 21L, 30_000);
    }

    @Test
    void keysArrivingInAscendingOrderLeaveEveryLeafFull() {
        OrderedTree<Integer, Long> ascending = new OrderedTree<>(Comparator.naturalOrder(), 32);
        for (int k = 0; k < 3_200; k++) {
            ascending.put(k, (long) k);
        }
        assertThat(ascending.leaves()).isEqualTo(100);
        ascending.checkInvariants();

        OrderedTree<Integer, Long> shuffled = new OrderedTree<>(Comparator.naturalOrder(), 32);
        List<Integer> keys = new ArrayList<>(IntStream.range(0, 3_200).boxed().toList());
        Collections.shuffle(keys, new Random(7));
        keys.forEach(k -> shuffled.put(k, (long) k));
        // random order splits leaves in half and fills them only partly again
        assertThat(shuffled.leaves()).isBetween(101, 200);
        shuffled.checkInvariants();
    }

    @Test
    void clearThenReuse() {
        RandomRun<Integer> run = new RandomRun<>("clear then reuse", Comparator.naturalOrder(), 4, i -> i, KEYS);
        List<Op> prelude = new ArrayList<>();
        Random rnd = new Random(31);
        for (int i = 0; i < 3_000; i++) {
            prelude.add(new Op(Kind.PUT, rnd.nextInt(KEYS), 1_000 + i));
        }
        prelude.add(new Op(Kind.CHECK_TALL, 0, 0));
        prelude.add(new Op(Kind.CLEAR, 0, 0));
        prelude.add(new Op(Kind.CHECK_EMPTY, 0, 0));
        run.runBounded(prelude, 31L, 30_000);
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bulk loads and drains

    enum Order {
        ASCENDING,
        DESCENDING,
        RANDOM
    }

    static Stream<Arguments> bulkOrders() {
        List<Arguments> all = new ArrayList<>();
        for (int capacity : new int[] {4, 5, 8, 32}) {
            for (Order in : new Order[] {Order.ASCENDING, Order.DESCENDING}) {
                for (Order out : Order.values()) {
                    all.add(Arguments.of(capacity, in, out));
                }
            }
        }
        return all.stream();
    }

    @ParameterizedTest(name = "capacity {0}, insert {1}, delete {2}")
    @MethodSource("bulkOrders")
    void bulkInsertThenDeleteEverything(int capacity, Order in, Order out) {
        int n = 10_000;
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
        int height = tree.height();
        assertThat(height).isEqualTo(1);
        List<Integer> keys = ordered(n, in, 1);
        for (int i = 0; i < n; i++) {
            int k = keys.get(i);
            assertThat(tree.put(k, (long) k)).as("put(%d) of a new key", k).isNull();
            int h = tree.height();
            assertThat(h).as("height after put #%d (%d): never lower", i, k).isGreaterThanOrEqualTo(height);
            height = h;
            if (i % 1_000 == 999) {
                tree.checkInvariants();
            }
        }
        tree.checkInvariants();
        assertThat(tree.size()).isEqualTo(n);
        assertThat(tree.firstKey()).isEqualTo(0);
        assertThat(tree.lastKey()).isEqualTo(n - 1);
        assertThat(keysOf(tree.entrySet().iterator())).containsExactlyElementsOf(ordered(n, Order.ASCENDING, 0));
        // a B+-tree of n keys in nodes of at least two children is at most 1 + log2(n) high
        int bound = 1 + (32 - Integer.numberOfLeadingZeros(n));
        assertThat(tree.height())
                .as("height of %d keys at capacity %d", n, capacity)
                .isBetween(2, bound);

        List<Integer> doomed = ordered(n, out, 2);
        for (int i = 0; i < n; i++) {
            int k = doomed.get(i);
            assertThat(tree.remove(k)).as("remove(%d)", k).isEqualTo((long) k);
            int h = tree.height();
            assertThat(h).as("height after remove #%d (%d): never higher", i, k).isLessThanOrEqualTo(height);
            height = h;
            if (i % 1_000 == 999) {
                tree.checkInvariants();
                assertThat(tree.size()).isEqualTo(n - i - 1);
            }
        }
        tree.checkInvariants();
        assertThat(tree.height()).as("height once empty").isEqualTo(1);
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.size()).isZero();
        assertThat(tree.firstKey()).isNull();
        assertThat(tree.lastKey()).isNull();
        assertThat(tree.higherKey(-1)).isNull();
        assertThat(tree.lowerKey(n)).isNull();
        assertThat(tree.entrySet().iterator().hasNext()).isFalse();
        assertThat(tree.entriesAfter(-1).hasNext()).isFalse();
        // and it works again
        tree.put(7, 7L);
        assertThat(tree).containsExactly(Map.entry(7, 7L));
        tree.checkInvariants();
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 5, 32})
    void aLeafHoldsCapacityKeysThenTheRootGrows(int capacity) {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
        for (int k = 0; k < capacity; k++) {
            tree.put(k, (long) k);
        }
        assertThat(tree.height()).as("%d keys in one leaf", capacity).isEqualTo(1);
        tree.checkInvariants();
        tree.put(capacity, (long) capacity);
        assertThat(tree.height())
                .as("one more key: the leaf splits under a new root")
                .isEqualTo(2);
        tree.checkInvariants();
        for (int k = 0; k <= capacity; k++) {
            assertThat(tree.get(k)).isEqualTo((long) k);
        }
        for (int k = capacity; k >= 0; k--) {
            tree.remove(k);
            tree.checkInvariants();
        }
        assertThat(tree.height()).isEqualTo(1);
        assertThat(tree.isEmpty()).isTrue();
    }

    @Test
    void theDefaultCapacityIsThirtyTwo() {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder());
        for (int k = 0; k < 32; k++) {
            tree.put(k, (long) k);
        }
        assertThat(tree.height()).isEqualTo(1);
        tree.put(32, 32L);
        assertThat(tree.height()).isEqualTo(2);
        tree.checkInvariants();
    }

    // ---------------------------------------------------------------------------------------------------------
    // Bad arguments

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {3, 2, 1, 0, -1, Integer.MIN_VALUE})
    void aCapacityBelowFourIsRefusedByName(int capacity) {
        assertThatThrownBy(() -> new OrderedTree<Integer, Long>(Comparator.naturalOrder(), capacity))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(Integer.toString(capacity));
    }

    @Test
    void capacityFourIsAccepted() {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), 4);
        assertThat(tree.isEmpty()).isTrue();
        assertThat(tree.height()).isEqualTo(1);
        tree.checkInvariants();
    }

    @Test
    @SuppressWarnings("NullAway") // nulls on purpose
    void nullKeysAndValuesAreRefusedAndChangeNothing() {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), 4);
        TreeMap<Integer, Long> model = new TreeMap<>();
        for (int k = 0; k < 40; k += 2) {
            tree.put(k, (long) k);
            model.put(k, (long) k);
        }
        Integer noKey = null;
        Long noValue = null;
        BiFunction<Integer, @Nullable Long, @Nullable Long> inc = (k, v) -> v == null ? 1L : v + 1;
        List<Map.Entry<String, Call>> calls = List.of(
                Map.entry("get(null)", () -> tree.get(noKey)),
                Map.entry("containsKey(null)", () -> tree.containsKey(noKey)),
                Map.entry("put(null, v)", () -> tree.put(noKey, 1L)),
                Map.entry("put(k, null)", () -> tree.put(4, noValue)),
                Map.entry("put(new k, null)", () -> tree.put(5, noValue)),
                Map.entry("putIfAbsent(null, v)", () -> tree.putIfAbsent(noKey, 1L)),
                Map.entry("putIfAbsent(new k, null)", () -> tree.putIfAbsent(5, noValue)),
                Map.entry("remove(null)", () -> tree.remove(noKey)),
                Map.entry("remove(null, v)", () -> tree.remove(noKey, 4L)),
                Map.entry("remove(null, null)", () -> tree.remove(noKey, noValue)),
                Map.entry("replace(null, v)", () -> tree.replace(noKey, 1L)),
                Map.entry("replace(k, null)", () -> tree.replace(4, noValue)),
                Map.entry("replace(null, old, new)", () -> tree.replace(noKey, 4L, 5L)),
                Map.entry("replace(k, old, null)", () -> tree.replace(4, 4L, noValue)),
                Map.entry("replace(k, null, new)", () -> tree.replace(4, noValue, 5L)),
                Map.entry("compute(null, f)", () -> tree.compute(noKey, inc)),
                Map.entry("compute(k, null)", () -> tree.compute(4, null)),
                Map.entry("higherKey(null)", () -> tree.higherKey(noKey)),
                Map.entry("lowerKey(null)", () -> tree.lowerKey(noKey)),
                Map.entry("entriesAfter(null)", () -> tree.entriesAfter(noKey).hasNext()));
        for (Map.Entry<String, Call> call : calls) {
            assertThat(catchThrowable(() -> call.getValue().call()))
                    .as(call.getKey())
                    .isInstanceOf(NullPointerException.class);
            tree.checkInvariants();
            assertThat(entries(tree.entrySet().iterator()))
                    .as("after %s", call.getKey())
                    .isEqualTo(new ArrayList<>(model.entrySet()));
        }
        // remove(k, null) may refuse the null or answer false (ConcurrentSkipListMap answers false): never removes
        Throwable t = catchThrowable(() -> assertThat(tree.remove(4, noValue)).isFalse());
        if (t != null) {
            assertThat(t).isInstanceOf(NullPointerException.class);
        }
        assertThat(tree.get(4)).isEqualTo(4L);
        tree.checkInvariants();
    }

    // ---------------------------------------------------------------------------------------------------------
    // A comparator that throws

    /** What the tripwire comparator throws. */
    static final class Boom extends RuntimeException {
        Boom(String message) {
            super(message);
        }
    }

    /**
     * Natural order, except that comparing the poison key throws {@link Boom}: always, or once after a number of
     * comparisons involving it (to throw at every step of an operation in turn).
     */
    static final class Tripwire implements Comparator<Integer> {
        int poison = Integer.MIN_VALUE;
        boolean always;
        int after = -1; // throw once when this many comparisons with the poison have passed; -1: never
        int comparisons;

        @Override
        public int compare(Integer a, Integer b) {
            if (a == poison || b == poison) {
                if (always) {
                    throw new Boom("poison " + poison);
                }
                if (after >= 0 && comparisons++ == after) {
                    after = -1;
                    throw new Boom("poison " + poison + " at comparison " + comparisons);
                }
            }
            return Integer.compare(a, b);
        }

        void arm(int key, int afterComparisons) {
            poison = key;
            always = false;
            after = afterComparisons;
            comparisons = 0;
        }

        void disarm() {
            always = false;
            after = -1;
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 5, 32})
    void aComparatorThatAlwaysThrowsForOneKeyFailsOnlyThatCall(int capacity) {
        Tripwire order = new Tripwire();
        OrderedTree<Integer, Long> tree = new OrderedTree<>(order, capacity);
        TreeMap<Integer, Long> model = new TreeMap<>();
        Random rnd = new Random(41);
        for (int i = 0; i < 400; i++) {
            int k = rnd.nextInt(600) * 2; // even keys: every odd key is free to be the poison
            tree.put(k, (long) k);
            model.put(k, (long) k);
        }
        assertThat(tree.height()).isGreaterThan(1);
        for (int poison : new int[] {-1, 1, 13, 301, 599, 1001, 1199, 5001}) {
            order.poison = poison;
            order.always = true;
            for (Map.Entry<String, Call> call : callsOn(tree, poison)) {
                assertThat(catchThrowable(() -> boundedRun(call.getValue())))
                        .as("%s with a comparator that throws for %d", call.getKey(), poison)
                        .isInstanceOf(Boom.class);
                order.disarm();
                assertIntact(tree, model, "after " + call.getKey() + " threw", capacity);
                order.always = true;
            }
            order.disarm();
        }
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 5, 8})
    void aComparatorThatThrowsAtAnyStepLeavesTheTreeIntact(int capacity) {
        Tripwire order = new Tripwire();
        OrderedTree<Integer, Long> tree = new OrderedTree<>(order, capacity);
        TreeMap<Integer, Long> model = new TreeMap<>();
        Random rnd = new Random(43);
        for (int i = 0; i < 300; i++) {
            int k = rnd.nextInt(400) * 2;
            tree.put(k, (long) k);
            model.put(k, (long) k);
        }
        for (int round = 0; round < 200; round++) {
            int poison = rnd.nextInt(800) - 1;
            int step = rnd.nextInt(3 * capacity + 20);
            List<Map.Entry<String, Call>> calls = callsOn(tree, poison);
            Map.Entry<String, Call> call = calls.get(rnd.nextInt(calls.size()));
            order.arm(poison, step);
            Throwable thrown = catchThrowable(() -> boundedRun(call.getValue()));
            order.disarm();
            String what = call.getKey() + " with a comparator throwing at comparison " + (step + 1) + " with " + poison
                    + " (round " + round + ")";
            if (thrown != null) {
                assertThat(thrown).as(what).isInstanceOf(Boom.class);
            }
            // The poison key may or may not have been written (ConcurrentSkipListMap too may throw from a
            // remove that has already taken effect); every other key must be as it was.
            @Nullable Long now = tree.get(poison);
            if (now == null) {
                model.remove(poison);
            } else {
                model.put(poison, now);
            }
            assertIntact(tree, model, what, capacity);
            // keep the tree from only growing
            if (tree.size() > 360) {
                order.disarm();
                Integer k = Objects.requireNonNull(model.ceilingKey(rnd.nextInt(800)), "a key");
                tree.remove(k);
                model.remove(k);
            }
        }
    }

    /** The calls that compare a key: each on the poison, writes with values that change the poison's entry. */
    private static List<Map.Entry<String, Call>> callsOn(OrderedTree<Integer, Long> tree, int poison) {
        long v = 77_000L + poison;
        return List.of(
                Map.entry("put(" + poison + ")", () -> tree.put(poison, v)),
                Map.entry("putIfAbsent(" + poison + ")", () -> tree.putIfAbsent(poison, v)),
                Map.entry("get(" + poison + ")", () -> tree.get(poison)),
                Map.entry("containsKey(" + poison + ")", () -> tree.containsKey(poison)),
                Map.entry("remove(" + poison + ")", () -> tree.remove(poison)),
                Map.entry("remove(" + poison + ", v)", () -> tree.remove(poison, v)),
                Map.entry("replace(" + poison + ", v)", () -> tree.replace(poison, v + 1)),
                Map.entry("replace(" + poison + ", old, new)", () -> tree.replace(poison, v, v + 2)),
                Map.entry("compute(" + poison + ", inc)", () -> tree.compute(poison, (k, o) -> o == null ? v : o + 1)),
                Map.entry("compute(" + poison + ", drop)", () -> tree.compute(poison, (k, o) -> null)),
                Map.entry("higherKey(" + poison + ")", () -> tree.higherKey(poison)),
                Map.entry("lowerKey(" + poison + ")", () -> tree.lowerKey(poison)),
                Map.entry("entriesAfter(" + poison + ")", () -> {
                    return entries(tree.entriesAfter(poison));
                }));
    }

    /** The invariants hold, the content is the model's, and writes next to every key still complete. */
    private static void assertIntact(
            OrderedTree<Integer, Long> tree, TreeMap<Integer, Long> model, String what, int capacity) {
        try {
            tree.checkInvariants();
        } catch (AssertionError e) {
            throw new AssertionError(what + ": " + e.getMessage(), e);
        }
        assertThat(entries(tree.entrySet().iterator())).as(what).isEqualTo(new ArrayList<>(model.entrySet()));
        assertThat(tree.size()).as(what).isEqualTo(model.size());
        // a node left locked would hang the next write to it: write (and undo) around every key, bounded
        boundedRun(() -> {
            for (int k = -1; k <= 1_202; k += Math.max(1, capacity / 2)) {
                if (!model.containsKey(k)) {
                    tree.put(k, 1L);
                    tree.remove(k);
                } else {
                    long old = model.get(k);
                    tree.put(k, old + 1);
                    tree.put(k, old);
                }
            }
            return tree.size();
        });
        tree.checkInvariants();
        assertThat(entries(tree.entrySet().iterator()))
                .as(what + ", then writes")
                .isEqualTo(new ArrayList<>(model.entrySet()));
    }

    /** A call on the tree, its result (if any) of no interest. */
    @FunctionalInterface
    interface Call {
        @Nullable
        Object call() throws Exception;
    }

    /** Runs {@code body} on a thread of its own; fails if it has not returned within 10 s (a node left locked). */
    private static void boundedRun(Call body) {
        AtomicReference<@Nullable Throwable> failure = new AtomicReference<>();
        Thread t = Thread.ofPlatform().daemon().name("bounded").start(() -> {
            try {
                body.call();
            } catch (Throwable e) {
                failure.set(e);
            }
        });
        try {
            if (!t.join(Duration.ofSeconds(10))) {
                AssertionError hung = new AssertionError("did not return within 10 s: a node left locked?");
                hung.setStackTrace(t.getStackTrace());
                throw hung;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
        Throwable e = failure.get();
        if (e instanceof RuntimeException r) {
            throw r;
        }
        if (e instanceof Error err) {
            throw err;
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // The random run, its operations and its shrinking

    enum Kind {
        PUT,
        PUT_IF_ABSENT,
        REMOVE,
        REMOVE_VALUE,
        REPLACE,
        REPLACE_VALUE,
        COMPUTE_INC,
        COMPUTE_DROP,
        COMPUTE_TOGGLE,
        GET,
        CONTAINS,
        HIGHER,
        LOWER,
        FIRST,
        LAST,
        AFTER,
        ITERATE,
        SIZE,
        CLEAR,
        CHECK,
        CHECK_TALL,
        CHECK_EMPTY
    }

    /**
     * One operation: a kind, a key index (mapped to the run's key type), a value; {@code AFTER} reads at most
     * {@code value} entries, {@code REPLACE_VALUE} replaces {@code value} with {@code value + 1}.
     */
    record Op(Kind kind, int key, long value) {}

    /** A random run of a tree and its model; replays any sequence of operations on fresh ones. */
    static final class RandomRun<K> {
        private final String name;
        private final Comparator<? super K> order;
        private final int capacity;
        private final IntFunction<K> keyOf;
        private final int keys;

        private OrderedTree<K, Long> tree;
        private TreeMap<K, Long> model;
        private final List<Op> done = new ArrayList<>();
        private volatile int at;

        RandomRun(String name, Comparator<? super K> order, int capacity, IntFunction<K> keyOf, int keys) {
            this.name = name;
            this.order = order;
            this.capacity = capacity;
            this.keyOf = keyOf;
            this.keys = keys;
            this.tree = new OrderedTree<>(order, capacity);
            this.model = new TreeMap<>(order);
        }

        private void reset() {
            tree = new OrderedTree<>(order, capacity);
            model = new TreeMap<>(order);
        }

        /**
         * Runs the prelude, then {@code count} random operations, on a thread of its own; fails with the seed, the
         * failing operation and a shrunk reproduction, or reports a hang with the operation in progress.
         */
        void runBounded(List<Op> prelude, long seed, int count) {
            AtomicReference<@Nullable AssertionError> failure = new AtomicReference<>();
            AtomicReference<@Nullable String> shrunk = new AtomicReference<>();
            Thread runner = Thread.ofPlatform().daemon().name("random-run").start(() -> {
                AssertionError f = run(prelude, seed, count);
                if (f != null) {
                    failure.set(f);
                    shrunk.set(shrink());
                }
            });
            boolean finished;
            try {
                finished = runner.join(RUN_LIMIT);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            AssertionError f = failure.get();
            if (f != null) {
                String repro = shrunk.get();
                AssertionError reported = new AssertionError(
                        f.getMessage()
                                + (repro != null
                                        ? "\nshrunk reproduction:\n" + repro
                                        : finished ? "" : "\n(shrinking did not finish: a replay hung)"),
                        f.getCause());
                reported.setStackTrace(f.getStackTrace());
                throw reported;
            }
            if (!finished) {
                int i = at;
                AssertionError hung = new AssertionError(name + ": hung at operation #" + i + " "
                        + (i < done.size() ? describe(done.get(i)) : "?") + "; the operations before it:\n"
                        + tail(done, i));
                hung.setStackTrace(runner.getStackTrace());
                throw hung;
            }
        }

        /** {@return null, or the first failure of the run} */
        private @Nullable AssertionError run(List<Op> prelude, long seed, int count) {
            Random rnd = new Random(seed);
            reset();
            done.clear();
            for (int i = 0; i < prelude.size() + count; i++) {
                Op op = i < prelude.size() ? prelude.get(i) : next(rnd, i - prelude.size());
                done.add(op);
                at = i;
                try {
                    apply(op);
                    if (i % CHECK_EVERY == CHECK_EVERY - 1 || model.isEmpty()) {
                        check();
                    }
                } catch (Throwable t) {
                    AssertionError e = new AssertionError(
                            name + " (seed " + seed + "): operation #" + i + " "
                                    + describe(op) + " failed: " + t + "\nthe operations before it (the last 40):\n"
                                    + tail(done, i),
                            t);
                    return e;
                }
            }
            try {
                check();
            } catch (Throwable t) {
                return new AssertionError(name + " (seed " + seed + "): the final check failed: " + t, t);
            }
            return null;
        }

        /** The next random operation: grow, shrink, grow, drain phases of 3,000 operations each. */
        private Op next(Random rnd, int i) {
            int phase = (i / 3_000) % 4;
            int r = rnd.nextInt(1_000);
            int key = rnd.nextInt(keys);
            long value = 1_000 + rnd.nextInt(6); // beyond the Long cache: equal values are other objects
            if (r == 0) {
                return new Op(Kind.ITERATE, key, 0);
            }
            if (r == 1) {
                return new Op(Kind.AFTER, key, Integer.MAX_VALUE);
            }
            if (r < 400) { // reads
                Kind kind = switch (r % 9) {
                    case 0, 1 -> Kind.GET;
                    case 2 -> Kind.CONTAINS;
                    case 3 -> Kind.HIGHER;
                    case 4 -> Kind.LOWER;
                    case 5 -> Kind.FIRST;
                    case 6 -> Kind.LAST;
                    case 7 -> Kind.AFTER;
                    default -> Kind.SIZE;
                };
                if (kind == Kind.GET || kind == Kind.CONTAINS) {
                    key = existingOr(rnd, key);
                }
                return new Op(kind, key, kind == Kind.AFTER ? 1 + rnd.nextInt(2 * capacity + 2) : value);
            }
            boolean insert = switch (phase) {
                case 0, 2 -> rnd.nextInt(4) != 0;
                case 1 -> rnd.nextInt(4) == 0;
                default -> false;
            };
            if (insert) {
                Kind kind = switch (rnd.nextInt(8)) {
                    case 0, 1, 2 -> Kind.PUT;
                    case 3 -> Kind.PUT_IF_ABSENT;
                    case 4 -> Kind.COMPUTE_INC;
                    case 5 -> Kind.COMPUTE_TOGGLE;
                    case 6 -> Kind.REPLACE;
                    default -> Kind.REPLACE_VALUE;
                };
                if (kind == Kind.REPLACE || kind == Kind.REPLACE_VALUE) {
                    key = existingOr(rnd, key);
                }
                if (kind == Kind.REPLACE_VALUE) {
                    value = currentOr(rnd, key, value);
                }
                return new Op(kind, key, value);
            }
            Kind kind = switch (rnd.nextInt(6)) {
                case 0, 1, 2 -> Kind.REMOVE;
                case 3 -> Kind.REMOVE_VALUE;
                case 4 -> Kind.COMPUTE_DROP;
                default -> Kind.COMPUTE_TOGGLE;
            };
            key = phase == 3 || rnd.nextBoolean() ? existingOr(rnd, key) : key;
            if (kind == Kind.REMOVE_VALUE) {
                value = currentOr(rnd, key, value);
            }
            return new Op(kind, key, value);
        }

        /** {@return the index of a key of the model near {@code key}, or {@code key} if the model is empty} */
        private int existingOr(Random rnd, int key) {
            if (model.isEmpty() || rnd.nextInt(5) == 0) {
                return key;
            }
            // the key indexes are 0..keys-1: look for the next index with an entry, at most a few dozen steps
            for (int d = 0; d < 64; d++) {
                int k = (key + d) % keys;
                if (model.containsKey(keyOf.apply(k))) {
                    return k;
                }
            }
            return key;
        }

        /** {@return usually the value the model holds for the key} */
        private long currentOr(Random rnd, int key, long value) {
            Long v = model.get(keyOf.apply(key));
            return v != null && rnd.nextInt(3) != 0 ? v : value;
        }

        /** Applies {@code op} to the tree and the model; throws if their results differ. */
        void apply(Op op) {
            K k = keyOf.apply(op.key());
            Long v = Long.valueOf(op.value());
            Long w = Long.valueOf(op.value()); // an equal value, another object
            switch (op.kind()) {
                case PUT -> same(op, tree.put(k, v), model.put(k, w));
                case PUT_IF_ABSENT -> same(op, tree.putIfAbsent(k, v), model.putIfAbsent(k, w));
                case REMOVE -> same(op, tree.remove(k), model.remove(k));
                case REMOVE_VALUE -> same(op, tree.remove(k, v), model.remove(k, w));
                case REPLACE -> same(op, tree.replace(k, v), model.replace(k, w));
                case REPLACE_VALUE -> same(op, tree.replace(k, v, v + 1), model.replace(k, w, w + 1));
                case COMPUTE_INC -> compute(op, k, (key, old) -> old == null ? v : old + 1);
                case COMPUTE_DROP -> compute(op, k, (key, old) -> null);
                case COMPUTE_TOGGLE -> compute(op, k, (key, old) -> old == null ? v : null);
                case GET -> same(op, tree.get(k), model.get(k));
                case CONTAINS -> same(op, tree.containsKey(k), model.containsKey(k));
                case HIGHER -> same(op, tree.higherKey(k), model.higherKey(k));
                case LOWER -> same(op, tree.lowerKey(k), model.lowerKey(k));
                case FIRST -> same(op, tree.firstKey(), model.isEmpty() ? null : model.firstKey());
                case LAST -> same(op, tree.lastKey(), model.isEmpty() ? null : model.lastKey());
                case AFTER -> {
                    int limit = (int) op.value();
                    same(
                            op,
                            entries(tree.entriesAfter(k), limit),
                            entries(model.tailMap(k, false).entrySet().iterator(), limit));
                }
                case ITERATE -> same(op, entries(tree.entrySet().iterator()), new ArrayList<>(model.entrySet()));
                case SIZE -> same(op, List.of(tree.size(), tree.isEmpty()), List.of(model.size(), model.isEmpty()));
                case CLEAR -> {
                    tree.clear();
                    model.clear();
                }
                case CHECK -> check();
                case CHECK_TALL -> {
                    check();
                    assertThat(tree.height()).as("height").isGreaterThan(1);
                }
                case CHECK_EMPTY -> {
                    check();
                    assertThat(tree.isEmpty()).as("isEmpty").isTrue();
                }
            }
        }

        private void compute(Op op, K k, BiFunction<K, @Nullable Long, @Nullable Long> fn) {
            @Nullable Long before = model.get(k);
            AtomicReference<@Nullable Object> seen = new AtomicReference<>("never applied");
            AtomicInteger applied = new AtomicInteger();
            @Nullable
            Long got = tree.compute(k, (key, old) -> {
                applied.incrementAndGet();
                if (order.compare(key, k) != 0) {
                    throw new AssertionError("compute(" + k + ") applied its function to the key " + key);
                }
                seen.set(old);
                return fn.apply(key, old);
            });
            @Nullable Long expected = model.compute(k, fn);
            same(op, got, expected);
            if (!Objects.equals(seen.get(), before)) {
                throw new AssertionError(
                        describe(op) + ": the function saw " + seen.get() + ", the key held " + before);
            }
            if (applied.get() != 1) {
                // allowed under contention; on one thread there is no contention
                throw new AssertionError(describe(op) + ": function applied " + applied.get() + " times on one thread");
            }
        }

        private void same(Op op, @Nullable Object fromTree, @Nullable Object fromModel) {
            if (!Objects.equals(fromTree, fromModel)) {
                if (fromTree instanceof List<?> a && fromModel instanceof List<?> b) {
                    throw new AssertionError(describe(op) + ": " + differ(a, b));
                }
                throw new AssertionError(describe(op) + ": the tree returned " + fromTree + ", the model " + fromModel);
            }
        }

        /** Where two lists first differ, with a few elements around. */
        private static String differ(List<?> tree, List<?> model) {
            int i = 0;
            while (i < tree.size() && i < model.size() && Objects.equals(tree.get(i), model.get(i))) {
                i++;
            }
            int from = Math.max(0, i - 3);
            return "the tree returned " + tree.size() + " elements, the model " + model.size() + "; they differ at #"
                    + i + ": the tree's from #" + from + " " + tree.subList(from, Math.min(tree.size(), i + 4))
                    + ", the model's " + model.subList(from, Math.min(model.size(), i + 4));
        }

        /** The tree's invariants, its whole content in order, its size and ends, and its height once empty. */
        private void check() {
            tree.checkInvariants();
            same(new Op(Kind.ITERATE, 0, 0), entries(tree.entrySet().iterator()), new ArrayList<>(model.entrySet()));
            if (tree.size() != model.size() || tree.isEmpty() != model.isEmpty()) {
                throw new AssertionError(
                        "size " + tree.size() + ", isEmpty " + tree.isEmpty() + "; the model has " + model.size());
            }
            if (!Objects.equals(tree.firstKey(), model.isEmpty() ? null : model.firstKey())
                    || !Objects.equals(tree.lastKey(), model.isEmpty() ? null : model.lastKey())) {
                throw new AssertionError("firstKey/lastKey " + tree.firstKey() + "/" + tree.lastKey());
            }
            if (model.isEmpty() && tree.height() != 1) {
                throw new AssertionError("empty, yet of height " + tree.height());
            }
        }

        /** {@return null, or the failure of {@code ops} replayed on a fresh tree, checked every few operations} */
        private @Nullable Throwable replay(List<Op> ops, int checkEvery) {
            reset();
            try {
                for (int i = 0; i < ops.size(); i++) {
                    apply(ops.get(i));
                    if (i % checkEvery == checkEvery - 1) {
                        check();
                    }
                }
                check();
                return null;
            } catch (Throwable t) {
                return t;
            }
        }

        /**
         * Shrinks the failing run (the operations up to the failing one) by removing chunks while a replay still
         * fails; {@return the shortest found, as calls on the tree, or null if the failure did not replay}
         */
        private @Nullable String shrink() {
            List<Op> ops = new ArrayList<>(done.subList(0, at + 1));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            if (replay(ops, CHECK_EVERY) == null && replay(ops, 1) == null) {
                return null;
            }
            for (int chunk = Math.max(1, ops.size() / 2); chunk >= 1; chunk = chunk == 1 ? 0 : chunk / 2) {
                boolean removed = true;
                while (removed) {
                    removed = false;
                    for (int from = ops.size() - chunk; from >= 0 && System.nanoTime() < deadline; from -= chunk) {
                        List<Op> fewer = new ArrayList<>(ops.subList(0, from));
                        fewer.addAll(ops.subList(from + chunk, ops.size()));
                        int every = fewer.size() > 3_000 ? CHECK_EVERY : 1;
                        if (replay(fewer, every) != null) {
                            ops = fewer;
                            removed = true;
                            from = Math.min(from, ops.size());
                        }
                    }
                }
            }
            // the failure of the shortest sequence found, for the report
            Throwable last = replay(ops, 1);
            StringBuilder out = new StringBuilder();
            out.append("  OrderedTree<K, Long> tree = new OrderedTree<>(")
                    .append(name.contains("reverse") ? "Comparator.reverseOrder()" : "Comparator.naturalOrder()")
                    .append(", ")
                    .append(capacity)
                    .append("); // checkInvariants() after every call\n");
            for (int i = 0; i < ops.size(); i++) {
                if (i == 200 && ops.size() > 250) {
                    out.append("  ... ").append(ops.size() - 250).append(" more ...\n");
                    i = ops.size() - 50;
                }
                out.append("  ").append(describe(ops.get(i))).append('\n');
            }
            out.append("  => ").append(last);
            return out.toString();
        }

        String describe(Op op) {
            K k = keyOf.apply(op.key());
            String key = k instanceof String ? '"' + (String) k + '"' : String.valueOf(k);
            long v = op.value();
            return switch (op.kind()) {
                case PUT -> "tree.put(" + key + ", " + v + "L);";
                case PUT_IF_ABSENT -> "tree.putIfAbsent(" + key + ", " + v + "L);";
                case REMOVE -> "tree.remove(" + key + ");";
                case REMOVE_VALUE -> "tree.remove(" + key + ", " + v + "L);";
                case REPLACE -> "tree.replace(" + key + ", " + v + "L);";
                case REPLACE_VALUE -> "tree.replace(" + key + ", " + v + "L, " + (v + 1) + "L);";
                case COMPUTE_INC -> "tree.compute(" + key + ", (k, o) -> o == null ? " + v + "L : o + 1);";
                case COMPUTE_DROP -> "tree.compute(" + key + ", (k, o) -> null);";
                case COMPUTE_TOGGLE -> "tree.compute(" + key + ", (k, o) -> o == null ? " + v + "L : null);";
                case GET -> "tree.get(" + key + ");";
                case CONTAINS -> "tree.containsKey(" + key + ");";
                case HIGHER -> "tree.higherKey(" + key + ");";
                case LOWER -> "tree.lowerKey(" + key + ");";
                case FIRST -> "tree.firstKey();";
                case LAST -> "tree.lastKey();";
                case AFTER -> "tree.entriesAfter(" + key + ") // first " + v + " entries";
                case ITERATE -> "tree.entrySet() // iterated";
                case SIZE -> "tree.size(); tree.isEmpty();";
                case CLEAR -> "tree.clear();";
                case CHECK -> "tree.checkInvariants();";
                case CHECK_TALL -> "tree.checkInvariants(); // height() > 1";
                case CHECK_EMPTY -> "tree.checkInvariants(); // isEmpty()";
            };
        }

        private String tail(List<Op> ops, int upTo) {
            StringBuilder out = new StringBuilder();
            for (int i = Math.max(0, upTo - 40); i < upTo && i < ops.size(); i++) {
                out.append("  #")
                        .append(i)
                        .append(' ')
                        .append(describe(ops.get(i)))
                        .append('\n');
            }
            return out.toString();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Helpers

    /** {@return the entries as plain key-value pairs, at most {@code limit} of them} */
    static <K, V> List<Map.Entry<K, V>> entries(Iterator<Map.Entry<K, V>> it, int limit) {
        List<Map.Entry<K, V>> out = new ArrayList<>();
        while (out.size() < limit && it.hasNext()) {
            Map.Entry<K, V> e = it.next();
            out.add(Map.entry(e.getKey(), e.getValue()));
        }
        return out;
    }

    static <K, V> List<Map.Entry<K, V>> entries(Iterator<Map.Entry<K, V>> it) {
        return entries(it, Integer.MAX_VALUE);
    }

    static <K, V> List<K> keysOf(Iterator<Map.Entry<K, V>> it) {
        List<K> out = new ArrayList<>();
        while (it.hasNext()) {
            out.add(it.next().getKey());
        }
        return out;
    }

    /** {@return 0..n-1 in the given order} */
    private static List<Integer> ordered(int n, Order order, long seed) {
        List<Integer> keys = new ArrayList<>(IntStream.range(0, n).boxed().toList());
        switch (order) {
            case ASCENDING -> {}
            case DESCENDING -> Collections.reverse(keys);
            case RANDOM -> Collections.shuffle(keys, new Random(seed));
        }
        return keys;
    }

    @Test
    void iterationIsNotFailFast() {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), 4);
        for (int k = 0; k < 100; k++) {
            tree.put(k, (long) k);
        }
        // writes during an iteration, on the same thread: no ConcurrentModificationException, keys ascending
        List<Integer> seen = new ArrayList<>();
        Iterator<Map.Entry<Integer, Long>> it = tree.entrySet().iterator();
        int i = 0;
        try {
            while (it.hasNext()) {
                int k = it.next().getKey();
                seen.add(k);
                tree.remove(k + 1);
                tree.put(1_000 - i, 0L);
                tree.remove(i / 2);
                i++;
                assertThat(i).as("iteration ends").isLessThan(10_000);
            }
        } catch (ConcurrentModificationException e) {
            throw new AssertionError("fail-fast iteration", e);
        }
        assertThat(seen).isSorted().doesNotHaveDuplicates();
        assertThat(seen).contains(0);
        tree.checkInvariants();
        int[] keys = tree.keySet().stream().mapToInt(Integer::intValue).toArray();
        assertThat(keys).isSorted();
        assertThat(Arrays.stream(keys).distinct().count()).isEqualTo(keys.length);
    }
}
