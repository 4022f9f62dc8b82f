package io.otp4j.table;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Queue;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link OrderedTree} under real threads (two to four on a two-core machine): readers never miss a key present all
 * along while writers split, merge, grow and collapse the tree around it; concurrent {@code compute} increments add
 * up; threads writing disjoint keys each see exactly their own model; iterations during churn stay ascending and
 * complete. At capacities 4 and 8, so that a few hundred keys make a tree of several levels and every write near
 * a full or sparse leaf changes the structure.
 *
 * <p>Every loop is bounded both in count and by a deadline, and every thread is joined within a limit: a thread
 * still running then (a node left held, a retry loop that never ends) fails the test with its stack.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OrderedTreeConcurrencyTest {

    /**
     * The capacities under test: 4, the smallest (no leaf is ever merged at it: a leaf goes only once empty), and 8,
     * the smallest at which sparse leaves are merged into their neighbours.
     */
    static final String CAPACITIES = "capacities";

    static IntStream capacities() {
        return IntStream.of(4, 8);
    }

    /** How long each test's threads work. */
    private static final Duration WORK = Duration.ofMillis(1_500);

    /** How long a thread may take beyond {@link #WORK} before it is reported as hung. */
    private static final Duration JOIN = Duration.ofSeconds(15);

    /** The keys present all along: every 10th, from 10 to 400 (a key or two per leaf). */
    private static final int STABLE_STEP = 10;

    private static final int STABLE_MAX = 400;

    /** The churned keys: all others in [0, CHURN_MAX). */
    private static final int CHURN_MAX = 410;

    /** The value of key k everywhere in the stable-key tests, so that a reader can check any entry it sees. */
    private static long valueOf(int k) {
        return 7L * k + 3;
    }

    private static boolean stable(int k) {
        return k % STABLE_STEP == 0 && k >= STABLE_STEP && k <= STABLE_MAX;
    }

    private static List<Integer> stableKeys() {
        List<Integer> keys = new ArrayList<>();
        for (int k = STABLE_STEP; k <= STABLE_MAX; k += STABLE_STEP) {
            keys.add(k);
        }
        return keys;
    }

    private static OrderedTree<Integer, Long> treeOfStableKeys(int capacity) {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
        for (int k : stableKeys()) {
            tree.put(k, valueOf(k));
        }
        tree.checkInvariants();
        return tree;
    }

    // ---------------------------------------------------------------------------------------------------------
    // (a) a stable key is never missed

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource(CAPACITIES)
    void readersNeverMissAStableKeyWhileTheTreeIsRebuiltAroundIt(int capacity) {
        OrderedTree<Integer, Long> tree = treeOfStableKeys(capacity);
        List<Integer> stable = stableKeys();
        Crew crew = new Crew();
        Problems problems = new Problems();
        CountDownLatch writing = new CountDownLatch(2);
        addChurners(crew, tree, writing, problems, 2);
        AtomicLong readRounds = new AtomicLong();
        for (int r = 0; r < 2; r++) {
            boolean upward = r == 0;
            crew.add("reader-" + r, deadline -> {
                for (int round = 0; round < 100_000 && writing.getCount() > 0 && before(deadline); round++) {
                    readRounds.incrementAndGet();
                    for (int s : stable) {
                        checkStableKey(tree, s, problems);
                    }
                    if (upward) {
                        walkUp(tree, stable, problems);
                    } else {
                        walkDown(tree, stable, problems);
                    }
                }
            });
        }
        crew.runAndJoin();
        problems.assertNone();
        assertThat(readRounds.get()).as("read rounds during the churn").isPositive();
        tree.checkInvariants();
        assertThat(OrderedTreeTest.keysOf(tree.entrySet().iterator())).containsExactlyElementsOf(stable);
    }

    /** Every way to reach a stable key finds it, with its value. */
    private static void checkStableKey(OrderedTree<Integer, Long> tree, int s, Problems problems) {
        @Nullable Long v = tree.get(s);
        if (v == null || v != valueOf(s)) {
            problems.add("get(" + s + ") = " + v);
        }
        if (!tree.containsKey(s)) {
            problems.add("containsKey(" + s + ") = false");
        }
        @Nullable Integer h = tree.higherKey(s - 1);
        if (h == null || h != s) {
            problems.add("higherKey(" + (s - 1) + ") = " + h);
        }
        @Nullable Integer l = tree.lowerKey(s + 1);
        if (l == null || l != s) {
            problems.add("lowerKey(" + (s + 1) + ") = " + l);
        }
        @Nullable Integer next = tree.higherKey(s);
        if (s < STABLE_MAX && (next == null || next <= s || next > s + STABLE_STEP)) {
            problems.add("higherKey(" + s + ") = " + next + ", not in (" + s + ", " + (s + STABLE_STEP) + "]");
        }
        if (s == STABLE_MAX && next != null && (next <= s || next >= CHURN_MAX)) {
            problems.add("higherKey(" + s + ") = " + next);
        }
        @Nullable Integer previous = tree.lowerKey(s);
        if (previous == null ? s > STABLE_STEP : previous >= s || previous < s - STABLE_STEP) {
            problems.add("lowerKey(" + s + ") = " + previous + ", not in [" + (s - STABLE_STEP) + ", " + s + ")");
        }
    }

    /** firstKey, then higherKey to the end: strictly ascending, every stable key on the way. */
    private static void walkUp(OrderedTree<Integer, Long> tree, List<Integer> stable, Problems problems) {
        List<Integer> seen = new ArrayList<>();
        @Nullable Integer k = tree.firstKey();
        if (k == null || k > stable.get(0)) {
            problems.add("firstKey() = " + k + " with " + stable.get(0) + " present all along");
        }
        int steps = 0;
        while (k != null && steps++ < 10 * CHURN_MAX) {
            seen.add(k);
            @Nullable Integer next = tree.higherKey(k);
            if (next != null && next <= k) {
                problems.add("higherKey(" + k + ") = " + next);
                return;
            }
            k = next;
        }
        if (k != null) {
            problems.add("a higherKey walk did not end in " + steps + " steps");
        }
        missing(seen, stable, "the higherKey walk", problems);
    }

    /** lastKey, then lowerKey to the start: strictly descending, every stable key on the way. */
    private static void walkDown(OrderedTree<Integer, Long> tree, List<Integer> stable, Problems problems) {
        List<Integer> seen = new ArrayList<>();
        @Nullable Integer k = tree.lastKey();
        if (k == null || k < stable.get(stable.size() - 1)) {
            problems.add("lastKey() = " + k + " with " + stable.get(stable.size() - 1) + " present all along");
        }
        int steps = 0;
        while (k != null && steps++ < 10 * CHURN_MAX) {
            seen.add(k);
            @Nullable Integer next = tree.lowerKey(k);
            if (next != null && next >= k) {
                problems.add("lowerKey(" + k + ") = " + next);
                return;
            }
            k = next;
        }
        if (k != null) {
            problems.add("a lowerKey walk did not end in " + steps + " steps");
        }
        Collections.reverse(seen);
        missing(seen, stable, "the lowerKey walk", problems);
    }

    private static void missing(List<Integer> seen, List<Integer> expected, String what, Problems problems) {
        List<Integer> absent = new ArrayList<>(expected);
        absent.removeAll(seen);
        if (!absent.isEmpty()) {
            problems.add(what + " missed the stable keys " + absent);
        }
    }

    /**
     * Writers that churn every non-stable key below {@link #CHURN_MAX}, each its own share (k % writers): rounds
     * of putting all of them, then removing all of them, in ascending, descending or random order, so the tree
     * grows from 40 keys to 410 and back again and again (from three levels to five). Each checks its own results exactly.
     */
    private static void addChurners(
            Crew crew, OrderedTree<Integer, Long> tree, CountDownLatch writing, Problems problems, int writers) {
        for (int w = 0; w < writers; w++) {
            int writer = w;
            crew.add("churner-" + w, deadline -> {
                try {
                    List<Integer> mine = new ArrayList<>();
                    for (int k = 0; k < CHURN_MAX; k++) {
                        if (!stable(k) && k % writers == writer) {
                            mine.add(k);
                        }
                    }
                    Random rnd = new Random(100 + writer);
                    for (int round = 0; round < 20_000 && before(deadline); round++) {
                        order(mine, round, rnd);
                        for (int k : mine) {
                            @Nullable Long old = tree.put(k, valueOf(k));
                            if (old != null) {
                                problems.add(Thread.currentThread().getName() + ": put(" + k + ") of an absent key = "
                                        + old);
                            }
                        }
                        order(mine, round + 1, rnd);
                        for (int k : mine) {
                            @Nullable Long old = tree.remove(k);
                            if (old == null || old != valueOf(k)) {
                                problems.add(Thread.currentThread().getName() + ": remove(" + k + ") = " + old);
                            }
                        }
                    }
                } finally {
                    writing.countDown();
                }
            });
        }
    }

    private static void order(List<Integer> keys, int round, Random rnd) {
        switch (round % 3) {
            case 0 -> Collections.sort(keys);
            case 1 -> keys.sort(Comparator.reverseOrder());
            default -> Collections.shuffle(keys, rnd);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (b) concurrent compute increments add up

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource(CAPACITIES)
    void concurrentComputeIncrementsAddUp(int capacity) {
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
        int[] shared = {0, 500, 1_001, 1_502, 2_999};
        int threads = 3;
        long[][] counts = new long[threads][shared.length];
        List<Queue<Long>> returned = new ArrayList<>();
        for (int i = 0; i < shared.length; i++) {
            returned.add(new ConcurrentLinkedQueue<>());
        }
        List<TreeMap<Integer, Long>> models = new ArrayList<>();
        Problems problems = new Problems();
        Crew crew = new Crew();
        for (int t = 0; t < threads; t++) {
            int me = t;
            TreeMap<Integer, Long> model = new TreeMap<>();
            models.add(model);
            crew.add("counter-" + t, deadline -> {
                Random rnd = new Random(200 + me);
                for (int i = 0; i < 300_000 && (i % 64 != 0 || before(deadline)); i++) {
                    if (i % 3 == 0) {
                        int s = rnd.nextInt(shared.length);
                        @Nullable Long now = tree.compute(shared[s], (k, v) -> v == null ? 1L : v + 1);
                        counts[me][s]++;
                        returned.get(s).add(Objects.requireNonNull(now, "an increment's result"));
                        continue;
                    }
                    // churn on my own keys (k % threads == me, not shared), growing then shrinking in phases
                    int k = rnd.nextInt(3_000 / threads) * threads + me;
                    if (isShared(shared, k)) {
                        continue;
                    }
                    boolean grow = (i / 6_000) % 2 == 0;
                    churnStep(tree, model, k, rnd.nextInt(4), grow, i, problems);
                }
            });
        }
        crew.runAndJoin();
        problems.assertNone();
        tree.checkInvariants();
        for (int s = 0; s < shared.length; s++) {
            long total = 0;
            for (int t = 0; t < threads; t++) {
                total += counts[t][s];
            }
            assertThat(tree.get(shared[s])).as("count of the key %d", shared[s]).isEqualTo(total);
            // each increment returned its own count: 1, 2, ... total, each once
            List<Long> values = new ArrayList<>(returned.get(s));
            Collections.sort(values);
            List<Long> expected = new ArrayList<>();
            for (long n = 1; n <= total; n++) {
                expected.add(n);
            }
            assertThat(values).as("results of the increments of %d", shared[s]).isEqualTo(expected);
        }
        TreeMap<Integer, Long> all = new TreeMap<>();
        models.forEach(all::putAll);
        for (int s : shared) {
            all.put(s, Objects.requireNonNull(tree.get(s)));
        }
        assertThat(OrderedTreeTest.entries(tree.entrySet().iterator())).isEqualTo(new ArrayList<>(all.entrySet()));
    }

    private static boolean isShared(int[] shared, int k) {
        for (int s : shared) {
            if (s == k) {
                return true;
            }
        }
        return false;
    }

    /** One write on a key only this thread writes, checked exactly against the thread's model. */
    private static void churnStep(
            OrderedTree<Integer, Long> tree,
            TreeMap<Integer, Long> model,
            int k,
            int choice,
            boolean grow,
            int i,
            Problems problems) {
        long v = 10_000L + i;
        @Nullable Object got;
        @Nullable Object expected;
        String op;
        if (grow) {
            switch (choice) {
                case 0, 1 -> {
                    op = "put(" + k + ", " + v + ")";
                    got = tree.put(k, v);
                    expected = model.put(k, v);
                }
                case 2 -> {
                    op = "putIfAbsent(" + k + ", " + v + ")";
                    got = tree.putIfAbsent(k, v);
                    expected = model.putIfAbsent(k, v);
                }
                default -> {
                    op = "compute(" + k + ", toggle " + v + ")";
                    got = tree.compute(k, (key, old) -> old == null ? v : null);
                    expected = model.compute(k, (key, old) -> old == null ? v : null);
                }
            }
        } else {
            switch (choice) {
                case 0, 1 -> {
                    op = "remove(" + k + ")";
                    got = tree.remove(k);
                    expected = model.remove(k);
                }
                case 2 -> {
                    op = "compute(" + k + ", drop)";
                    got = tree.compute(k, (key, old) -> null);
                    model.remove(k);
                    expected = null; // compute gives the new value: none
                }
                default -> {
                    op = "get(" + k + ")";
                    got = tree.get(k);
                    expected = model.get(k);
                }
            }
        }
        if (!Objects.equals(got, expected)) {
            problems.add(
                    Thread.currentThread().getName() + " op #" + i + " " + op + " = " + got + ", expected " + expected);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // (c) disjoint writers each see their own model

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource(CAPACITIES)
    void writersOfDisjointKeysEachSeeTheirOwnModel(int capacity) {
        int threads = 3;
        int keys = 3_000;
        OrderedTree<Integer, Long> tree = new OrderedTree<>(Comparator.naturalOrder(), capacity);
        List<TreeMap<Integer, Long>> models = new ArrayList<>();
        Problems problems = new Problems();
        Crew crew = new Crew();
        for (int t = 0; t < threads; t++) {
            int me = t;
            TreeMap<Integer, Long> model = new TreeMap<>();
            models.add(model);
            long seed = 300 + t;
            crew.add("owner-" + t, deadline -> {
                Random rnd = new Random(seed);
                List<String> log = new ArrayList<>();
                for (int i = 0; i < 300_000 && (i % 64 != 0 || before(deadline)); i++) {
                    int k = rnd.nextInt(keys / threads) * threads + me;
                    int phase = (i / 4_000) % 4; // grow, shrink, grow, drain
                    String failure = ownedStep(tree, model, k, rnd, phase, log);
                    if (failure != null) {
                        problems.add(Thread.currentThread().getName() + " (seed " + seed + ", key % " + threads + " == "
                                + me + ") op #" + i + " " + failure + "\n    its last operations: "
                                + String.join("; ", log));
                        return;
                    }
                }
            });
        }
        crew.runAndJoin();
        problems.assertNone();
        tree.checkInvariants();
        TreeMap<Integer, Long> all = new TreeMap<>();
        models.forEach(all::putAll);
        assertThat(OrderedTreeTest.entries(tree.entrySet().iterator())).isEqualTo(new ArrayList<>(all.entrySet()));
        assertThat(tree.size()).isEqualTo(all.size());
        assertThat(tree).isEqualTo(all);
    }

    /**
     * One random operation on a key this thread owns; {@return null, or what went wrong} Writes and point reads
     * must match the model exactly; a navigation must lie between the key and this thread's nearest key, which no
     * one else can remove.
     */
    private static @Nullable String ownedStep(
            OrderedTree<Integer, Long> tree,
            TreeMap<Integer, Long> model,
            int k,
            Random rnd,
            int phase,
            List<String> log) {
        long v = 1_000 + rnd.nextInt(5);
        @Nullable Long current = model.get(k);
        long old = current != null && rnd.nextBoolean() ? current : v;
        boolean insert = switch (phase) {
            case 0, 2 -> rnd.nextInt(4) != 0;
            case 1 -> rnd.nextInt(4) == 0;
            default -> false;
        };
        if (phase == 3 && !model.isEmpty() && rnd.nextBoolean()) {
            @Nullable Integer near = model.ceilingKey(k);
            k = near != null ? near : model.firstKey();
        }
        int key = k;
        int choice = rnd.nextInt(6);
        String op;
        @Nullable Object got;
        @Nullable Object expected;
        if (rnd.nextInt(3) == 0) { // a read
            switch (choice) {
                case 0 -> {
                    op = "get(" + key + ")";
                    got = tree.get(key);
                    expected = model.get(key);
                }
                case 1 -> {
                    op = "containsKey(" + key + ")";
                    got = tree.containsKey(key);
                    expected = model.containsKey(key);
                }
                case 2 -> {
                    op = "higherKey(" + key + ")";
                    @Nullable Integer h = tree.higherKey(key);
                    @Nullable Integer bound = model.higherKey(key);
                    got = h;
                    expected = h;
                    if ((h != null && h <= key) || (bound != null && (h == null || h > bound))) {
                        expected = "a key in (" + key + ", " + bound + "]";
                    }
                }
                case 3 -> {
                    op = "lowerKey(" + key + ")";
                    @Nullable Integer l = tree.lowerKey(key);
                    @Nullable Integer bound = model.lowerKey(key);
                    got = l;
                    expected = l;
                    if ((l != null && l >= key) || (bound != null && (l == null || l < bound))) {
                        expected = "a key in [" + bound + ", " + key + ")";
                    }
                }
                case 4 -> {
                    op = "firstKey()";
                    @Nullable Integer f = tree.firstKey();
                    got = f;
                    expected = f;
                    if (!model.isEmpty() && (f == null || f > model.firstKey())) {
                        expected = "a key <= " + model.firstKey();
                    }
                }
                default -> {
                    op = "entriesAfter(" + key + ") (the first 3)";
                    Iterator<Map.Entry<Integer, Long>> it = tree.entriesAfter(key);
                    List<Integer> after = new ArrayList<>();
                    while (after.size() < 3 && it.hasNext()) {
                        after.add(it.next().getKey());
                    }
                    @Nullable Integer bound = model.higherKey(key);
                    got = after;
                    expected = after;
                    boolean ascending = true;
                    for (int j = 0; j < after.size(); j++) {
                        ascending &= after.get(j) > (j == 0 ? key : after.get(j - 1));
                    }
                    if (!ascending || (bound != null && (after.isEmpty() || after.get(0) > bound))) {
                        expected = "ascending keys above " + key + ", the first at most " + bound;
                    }
                }
            }
        } else if (insert) {
            switch (choice) {
                case 0, 1 -> {
                    op = "put(" + key + ", " + v + ")";
                    got = tree.put(key, v);
                    expected = model.put(key, v);
                }
                case 2 -> {
                    op = "putIfAbsent(" + key + ", " + v + ")";
                    got = tree.putIfAbsent(key, v);
                    expected = model.putIfAbsent(key, v);
                }
                case 3 -> {
                    op = "compute(" + key + ", inc from " + v + ")";
                    got = tree.compute(key, (x, o) -> o == null ? v : o + 1);
                    expected = model.compute(key, (x, o) -> o == null ? v : o + 1);
                }
                case 4 -> {
                    op = "replace(" + key + ", " + v + ")";
                    got = tree.replace(key, v);
                    expected = model.replace(key, v);
                }
                default -> {
                    op = "replace(" + key + ", " + old + ", " + (old + 1) + ")";
                    got = tree.replace(key, old, old + 1);
                    expected = model.replace(key, old, old + 1);
                }
            }
        } else {
            switch (choice) {
                case 0, 1, 2 -> {
                    op = "remove(" + key + ")";
                    got = tree.remove(key);
                    expected = model.remove(key);
                }
                case 3 -> {
                    op = "remove(" + key + ", " + old + ")";
                    got = tree.remove(key, old);
                    expected = model.remove(key, old);
                }
                case 4 -> {
                    op = "compute(" + key + ", drop)";
                    got = tree.compute(key, (x, o) -> null);
                    expected = model.compute(key, (x, o) -> null);
                }
                default -> {
                    op = "compute(" + key + ", toggle " + v + ")";
                    got = tree.compute(key, (x, o) -> o == null ? v : null);
                    expected = model.compute(key, (x, o) -> o == null ? v : null);
                }
            }
        }
        if (log.size() == 30) {
            log.remove(0);
        }
        log.add(op + " = " + got);
        return Objects.equals(got, expected) ? null : op + " = " + got + ", expected " + expected;
    }

    // ---------------------------------------------------------------------------------------------------------
    // (d) iterations during churn

    @ParameterizedTest(name = "capacity {0}")
    @MethodSource(CAPACITIES)
    void iterationsDuringChurnAreAscendingAndSeeEveryStableKey(int capacity) {
        OrderedTree<Integer, Long> tree = treeOfStableKeys(capacity);
        List<Integer> stable = stableKeys();
        Crew crew = new Crew();
        Problems problems = new Problems();
        CountDownLatch writing = new CountDownLatch(2);
        addChurners(crew, tree, writing, problems, 2);
        AtomicInteger iterations = new AtomicInteger();
        for (int r = 0; r < 2; r++) {
            boolean full = r == 0;
            crew.add("iterator-" + r, deadline -> {
                Random rnd = new Random(400 + (full ? 0 : 1));
                for (int round = 0; round < 100_000 && writing.getCount() > 0 && before(deadline); round++) {
                    iterations.incrementAndGet();
                    if (full) {
                        iterate(tree.entrySet().iterator(), Integer.MIN_VALUE, stable, "entrySet()", problems);
                    } else {
                        // after a stable key, a churned key, or below them all
                        int from = switch (round % 3) {
                            case 0 -> stable.get(rnd.nextInt(stable.size()));
                            case 1 -> rnd.nextInt(CHURN_MAX);
                            default -> -1 - rnd.nextInt(5);
                        };
                        iterate(tree.entriesAfter(from), from, stable, "entriesAfter(" + from + ")", problems);
                    }
                }
            });
        }
        crew.runAndJoin();
        problems.assertNone();
        assertThat(iterations.get()).as("iterations during the churn").isPositive();
        tree.checkInvariants();
        assertThat(OrderedTreeTest.keysOf(tree.entrySet().iterator())).containsExactlyElementsOf(stable);
    }

    /** Checks one iteration: keys above {@code after}, strictly ascending, with their values, every stable key. */
    private static void iterate(
            Iterator<Map.Entry<Integer, Long>> it, int after, List<Integer> stable, String what, Problems problems) {
        List<Integer> seen = new ArrayList<>();
        int previous = after;
        int steps = 0;
        while (it.hasNext()) {
            if (++steps > 10 * CHURN_MAX) {
                problems.add(what + " did not end in " + steps + " steps");
                return;
            }
            Map.Entry<Integer, Long> e = it.next();
            int k = e.getKey();
            if (k <= previous) {
                problems.add(what + ": " + k + " came after " + previous + " (seen so far, the last ten: "
                        + seen.subList(Math.max(0, seen.size() - 10), seen.size()) + ")");
                return;
            }
            if (e.getValue() != valueOf(k)) {
                problems.add(what + ": the entry " + k + "=" + e.getValue() + ", not " + valueOf(k));
            }
            previous = k;
            seen.add(k);
        }
        List<Integer> expected = stable.stream().filter(s -> s > after).toList();
        missing(seen, expected, what, problems);
    }

    // ---------------------------------------------------------------------------------------------------------
    // The harness

    private static boolean before(long deadline) {
        return System.nanoTime() - deadline < 0;
    }

    /** A body of a thread, given the deadline of the work (a {@link System#nanoTime()} reading). */
    @FunctionalInterface
    private interface Body {
        void run(long deadline) throws Exception;
    }

    /** Threads released together, each running its body until {@link #WORK} has passed, joined within a limit. */
    private static final class Crew {
        private final CountDownLatch start = new CountDownLatch(1);
        private final List<Thread> threads = new ArrayList<>();
        private final Map<String, Throwable> failures = new ConcurrentHashMap<>();
        private volatile long deadline;

        void add(String name, Body body) {
            threads.add(Thread.ofPlatform().daemon().name(name).unstarted(() -> {
                try {
                    if (!start.await(JOIN.toNanos(), TimeUnit.NANOSECONDS)) {
                        throw new AssertionError("never released");
                    }
                    body.run(deadline);
                } catch (Throwable t) {
                    failures.put(name, t);
                }
            }));
        }

        void runAndJoin() {
            threads.forEach(Thread::start);
            deadline = System.nanoTime() + WORK.toNanos();
            start.countDown();
            long limit = System.nanoTime() + WORK.plus(JOIN).toNanos();
            List<String> hung = new ArrayList<>();
            for (Thread t : threads) {
                try {
                    long left = Math.max(1, limit - System.nanoTime());
                    if (!t.join(Duration.ofNanos(left))) {
                        StringBuilder trace = new StringBuilder(t.getName()).append(" still running:");
                        for (StackTraceElement e : t.getStackTrace()) {
                            trace.append("\n      at ").append(e);
                        }
                        hung.add(trace.toString());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
            if (!failures.isEmpty()) {
                AssertionError error = new AssertionError("threads failed: " + failures.keySet());
                failures.values().forEach(error::addSuppressed);
                throw error;
            }
            assertThat(hung)
                    .as("threads not done within %s of their deadline", JOIN)
                    .isEmpty();
        }
    }

    /** What the threads found wrong: the first few, described, and a count of all. */
    private static final class Problems {
        private final Queue<String> first = new ConcurrentLinkedQueue<>();
        private final AtomicInteger count = new AtomicInteger();

        void add(String problem) {
            if (count.getAndIncrement() < 20) {
                first.add(problem);
            }
        }

        void assertNone() {
            assertThat(first)
                    .as("problems found during the run (%d in all)", count.get())
                    .isEmpty();
        }
    }
}
