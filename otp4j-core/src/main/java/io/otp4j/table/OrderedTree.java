package io.otp4j.table;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BiFunction;
import org.jspecify.annotations.Nullable;

/**
 * The concurrent ordered map under an {@code ordered_set} table: a B+-tree whose nodes keep up to {@code capacity}
 * keys in an array, so a lookup of 100,000 keys touches about four nodes instead of the twenty-odd index and data
 * nodes of a skip list.
 *
 * <p><b>Reads</b> take no lock and write nothing shared. Every node has a version: even when free, odd while a
 * writer holds it. A reader notes a node's version, reads the node, notes its child's version, and then checks that
 * the node's version has not moved; at the leaf it checks the leaf's version after reading it. A check that fails,
 * or a node found held, sends the operation back to the root. What a reader saw of a node is therefore what the node
 * held between two moments when no writer held it.
 *
 * <p><b>Writes that stay in one leaf</b> (a value replaced, a key added to a leaf with room, a key removed from a leaf
 * that keeps a quarter of its room filled) read their way down as a reader does and then take the leaf by moving its
 * version from the one they read to odd, with one compare-and-set. If the leaf changed since, the write starts over;
 * if not, what it computed from its reading still holds. Writers of different leaves never meet.
 *
 * <p><b>Changes of structure</b> (a full leaf split, a sparse leaf merged into its neighbour or removed, the root
 * grown or collapsed) take one lock for the whole tree, so inner nodes have one writer at a time. Under it the
 * writer holds every node it changes until all of them are changed, then frees them together; a node taken out of
 * the tree stays held forever, so that no one can use it again. Splits come once per half a leaf of new keys and
 * merges once per quarter of a leaf of removals, so the lock is rarely contended.
 *
 * <p>No user code runs while a node is held: comparisons happen while reading, and a {@code compute} function or an
 * {@code equals} runs before the write, which then lands only if the value it was computed from is still there (the
 * same reference). A comparison that throws while reading a node that a writer was changing is retried; one that
 * throws on a stable node reaches the caller.
 *
 * <p>Operations on one key are linearizable. {@link #higherKey} and friends are too: when their answer lies beyond
 * the first leaf they read, they check that the leaves they passed still hold what they read. Iteration is weakly
 * consistent, as the JDK's concurrent maps' is: keys come in ascending order, each at most once, and every key
 * present for the whole iteration comes.
 */
final class OrderedTree<K, V> extends AbstractMap<K, V> implements ConcurrentMap<K, V> {

    /** Keys per leaf and children per inner node; measured against 16 and 64 (see the table benchmarks' page). */
    static final int DEFAULT_CAPACITY = 32;

    private static final VarHandle VERSION;

    static {
        try {
            VERSION = MethodHandles.lookup().findVarHandle(Node.class, "version", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What {@link #update} must find before it writes. */
    private static final Object ANY = new Object();

    private static final Object ABSENT = new Object();
    private static final Object PRESENT = new Object();

    /** What {@link #write} gives when the leaf changed since it was read. */
    private static final Object AGAIN = new Object();

    /** A search that met a half-written node: start again. */
    private static final int RETRY = Integer.MIN_VALUE;

    private final Comparator<? super K> order;
    private final int capacity;
    /** A leaf with fewer keys than this is merged into a neighbour when it can be. */
    private final int minimum;

    private final ReentrantLock structure = new ReentrantLock();
    private volatile Node root;

    OrderedTree(Comparator<? super K> order) {
        this(order, DEFAULT_CAPACITY);
    }

    OrderedTree(Comparator<? super K> order, int capacity) {
        if (capacity < 4) {
            throw new IllegalArgumentException("an ordered tree's node capacity must be at least 4, not " + capacity);
        }
        this.order = Objects.requireNonNull(order, "order");
        this.capacity = capacity;
        this.minimum = Math.max(1, capacity / 4);
        this.root = new Leaf(capacity);
    }

    // ------------------------------------------------------------------ nodes

    /** A node: its version, its count (keys of a leaf, children of an inner node) and its keys. */
    private abstract static class Node {
        /** Even when free, odd while held; read and set through {@link #VERSION}. */
        volatile long version;

        int count;
        final @Nullable Object[] keys;

        Node(int keys) {
            this.keys = new Object[keys];
        }
    }

    private static final class Leaf extends Node {
        final @Nullable Object[] values;

        Leaf(int capacity) {
            super(capacity);
            this.values = new Object[capacity];
        }
    }

    /** An inner node of {@code count} children and {@code count - 1} separators: child i holds [keys[i-1], keys[i]). */
    private static final class Inner extends Node {
        final @Nullable Node[] children;

        Inner(int capacity) {
            super(capacity - 1);
            this.children = new Node[capacity];
        }
    }

    private static boolean held(long version) {
        return (version & 1L) != 0;
    }

    /** {@return whether {@code node} still has {@code version}, after every read made since noting it} */
    private static boolean unchanged(Node node, long version) {
        VarHandle.acquireFence();
        return node.version == version;
    }

    private static boolean tryHold(Node node, long version) {
        return VERSION.compareAndSet(node, version, version + 1);
    }

    private static void free(Node node) {
        node.version = node.version + 1;
    }

    /** Holds {@code leaf} once its writer, if any, has let go; only under the structure lock. */
    private static void holdLeaf(Node leaf) {
        for (int spins = 0; ; spins++) {
            long v = leaf.version;
            if (!held(v) && tryHold(leaf, v)) {
                return;
            }
            pause(spins);
        }
    }

    /** Waits a little before another attempt: a spin, and now and then a yield to whoever holds the node. */
    private static void pause(int attempts) {
        if ((attempts & 63) == 63) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }

    // ------------------------------------------------------------------ searching a node

    /**
     * {@return the index of {@code key} among a node's keys, {@code -(insertion point) - 1} if absent, or {@link
     * #RETRY} when the node was being written while read}
     */
    private int search(Node node, K key) {
        return bisect(node.keys, Math.min(node.count, node.keys.length), key);
    }

    /** {@return the index of the child of {@code inner} whose range holds {@code key}, or {@link #RETRY}} */
    private int childIndex(Inner inner, K key) {
        int i = bisect(inner.keys, Math.min(inner.count, inner.children.length) - 1, key);
        return i == RETRY ? RETRY : i >= 0 ? i + 1 : -i - 1;
    }

    /**
     * {@return the index of the child of {@code inner} that holds the keys just below {@code key}: the last whose
     * range starts below it; or {@link #RETRY}}
     */
    private int childBelow(Inner inner, K key) {
        int i = bisect(inner.keys, Math.min(inner.count, inner.children.length) - 1, key);
        return i == RETRY ? RETRY : i >= 0 ? i : -i - 1;
    }

    /** The bisection of the first {@code n} of {@code keys}, as {@link #search} gives it. */
    @SuppressWarnings("unchecked")
    private int bisect(@Nullable Object[] keys, int n, K key) {
        int low = 0;
        int high = n - 1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            Object k = keys[mid];
            if (k == null) {
                return RETRY;
            }
            int c = order.compare((K) k, key);
            if (c < 0) {
                low = mid + 1;
            } else if (c > 0) {
                high = mid - 1;
            } else {
                return mid;
            }
        }
        return -(low + 1);
    }

    // ------------------------------------------------------------------ reads

    @Override
    public @Nullable V get(Object key) {
        @SuppressWarnings("unchecked")
        K k = (K) Objects.requireNonNull(key, "key");
        for (int attempt = 0; ; attempt++) {
            Walk found = descend(k);
            if (found != null) {
                return cast(found.value);
            }
            pause(attempt);
        }
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    /**
     * Reads down to the leaf for {@code key}, as {@link Walk#up} does, and its value there: all checked to be of one
     * moment; or null to start again. Escape analysis usually takes the walk off the heap.
     */
    private @Nullable Walk descend(K key) {
        Walk walk = new Walk();
        if (!walk.up(key, true)) {
            return null;
        }
        Leaf leaf = present(walk.leaf);
        int i = walk.search;
        Object value = i >= 0 ? leaf.values[i] : null;
        if (!unchanged(leaf, walk.version)) {
            return null;
        }
        walk.value = value;
        return walk;
    }

    // ------------------------------------------------------------------ writes

    @Override
    public @Nullable V put(K key, V value) {
        return cast(update(key, ANY, Objects.requireNonNull(value, "value")));
    }

    @Override
    public @Nullable V putIfAbsent(K key, V value) {
        return cast(update(key, ABSENT, Objects.requireNonNull(value, "value")));
    }

    @Override
    public @Nullable V replace(K key, V value) {
        return cast(update(key, PRESENT, Objects.requireNonNull(value, "value")));
    }

    @Override
    public @Nullable V remove(Object key) {
        @SuppressWarnings("unchecked")
        K k = (K) key;
        return cast(update(k, ANY, null));
    }

    @Override
    public boolean replace(K key, V oldValue, V newValue) {
        Objects.requireNonNull(oldValue, "oldValue");
        Objects.requireNonNull(newValue, "newValue");
        return replaceIfEqual(key, oldValue, newValue);
    }

    @Override
    public boolean remove(Object key, @Nullable Object value) {
        Objects.requireNonNull(key, "key");
        if (value == null) {
            return false;
        }
        @SuppressWarnings("unchecked")
        K k = (K) key;
        return replaceIfEqual(k, value, null);
    }

    /**
     * Sets the key to {@code value} (removes it when null) if its value equals {@code expected}: one search, the
     * {@code equals} outside any hold, the write landing only if the value compared is still there.
     */
    private boolean replaceIfEqual(K key, Object expected, @Nullable Object value) {
        Objects.requireNonNull(key, "key");
        for (int attempt = 0; ; attempt++) {
            Walk found = descend(key);
            if (found != null) {
                Object current = found.value;
                if (current == null || !expected.equals(current)) {
                    return false;
                }
                if (write(found, key, current, value) == current) {
                    return true;
                }
            }
            pause(attempt);
        }
    }

    /**
     * Computes the key's new value from its current one outside any hold, then stores it if the leaf has not changed
     * since it was read (one search), or else if the key still holds the value it was computed from (the same
     * reference); otherwise computes again. A null result removes the key.
     */
    @Override
    public @Nullable V compute(K key, BiFunction<? super K, ? super @Nullable V, ? extends @Nullable V> remapping) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(remapping, "remapping");
        for (int attempt = 0; ; attempt++) {
            Walk found = descend(key);
            if (found != null) {
                Object current = found.value;
                V computed = remapping.apply(key, cast(current));
                if (write(found, key, current == null ? ABSENT : current, computed) == current) {
                    return computed;
                }
            }
            pause(attempt);
        }
    }

    @SuppressWarnings("unchecked")
    private static <V> @Nullable V cast(@Nullable Object value) {
        return (V) value;
    }

    /** {@return {@code x}, read under the structure lock where it cannot be missing} */
    private static <T> T present(@Nullable T x) {
        return Objects.requireNonNull(x, "a tree slot in use was empty");
    }

    private static boolean allows(Object expected, @Nullable Object current) {
        if (expected == ANY) {
            return true;
        }
        if (expected == ABSENT) {
            return current == null;
        }
        if (expected == PRESENT) {
            return current != null;
        }
        return expected == current;
    }

    /**
     * The one write: if the key's current value is what {@code expected} allows ({@link #ANY}, {@link #ABSENT},
     * {@link #PRESENT} or that very value), sets it to {@code value}, or removes the key when {@code value} is
     * null. {@return the value the key had when the write decided, whether or not it wrote}
     */
    private @Nullable Object update(K key, Object expected, @Nullable Object value) {
        Objects.requireNonNull(key, "key");
        for (int attempt = 0; ; attempt++) {
            Walk found = descend(key);
            if (found != null) {
                Object before = write(found, key, expected, value);
                if (before != AGAIN) {
                    return before;
                }
            }
            pause(attempt);
        }
    }

    /**
     * {@link #update} from what {@link #descend} found: in place when the leaf has not changed since and keeps
     * between a quarter of its room and all of it, under the structure lock when it must split, merge or go, and
     * {@link #AGAIN} when it changed. {@return the value the key had when the write decided, or {@link #AGAIN}}
     */
    private @Nullable Object write(Walk found, K key, Object expected, @Nullable Object value) {
        Leaf leaf = present(found.leaf);
        int i = found.search;
        Object current = found.value;
        if (!allows(expected, current)) {
            return current;
        }
        if (value != null) {
            if (i >= 0) {
                if (!tryHold(leaf, found.version)) {
                    return AGAIN;
                }
                leaf.values[i] = value;
                free(leaf);
                return current;
            }
            if (leaf.count < capacity) {
                if (!tryHold(leaf, found.version)) {
                    return AGAIN;
                }
                insertAt(leaf, -i - 1, key, value);
                free(leaf);
                return null;
            }
        } else {
            if (i < 0) {
                return null;
            }
            if (leaf.count > minimum || leaf == root) {
                if (!tryHold(leaf, found.version)) {
                    return AGAIN;
                }
                removeAt(leaf, i);
                free(leaf);
                return current;
            }
        }
        return updateRestructuring(key, expected, value);
    }

    private static void insertAt(Leaf leaf, int at, Object key, Object value) {
        int n = leaf.count;
        System.arraycopy(leaf.keys, at, leaf.keys, at + 1, n - at);
        System.arraycopy(leaf.values, at, leaf.values, at + 1, n - at);
        leaf.keys[at] = key;
        leaf.values[at] = value;
        leaf.count = n + 1;
    }

    private static void removeAt(Leaf leaf, int at) {
        int n = leaf.count - 1;
        System.arraycopy(leaf.keys, at + 1, leaf.keys, at, n - at);
        System.arraycopy(leaf.values, at + 1, leaf.values, at, n - at);
        leaf.keys[n] = null;
        leaf.values[n] = null;
        leaf.count = n;
    }

    // ------------------------------------------------------------------ changes of structure

    /** The nodes a change of structure holds, freed together when it is done. */
    private static final class Held {
        private final List<Node> nodes = new ArrayList<>(8);

        void hold(Node node) {
            if (node instanceof Leaf) {
                holdLeaf(node);
            } else {
                // only the structure lock's owner holds inner nodes
                long v = node.version;
                if (held(v) || !tryHold(node, v)) {
                    throw new IllegalStateException("an inner node was held outside the structure lock");
                }
            }
            nodes.add(node);
        }

        /** Takes {@code node} out of the tree: it stays held, so every reader and writer that finds it starts over. */
        void retire(Node node) {
            nodes.remove(node);
        }

        void freeAll() {
            for (Node node : nodes) {
                free(node);
            }
            nodes.clear();
        }
    }

    /** The inner nodes from the root down to a leaf's parent, with the child index taken at each. */
    private final class Path {
        final List<Inner> inners = new ArrayList<>(8);
        final List<Integer> indexes = new ArrayList<>(8);
        final Leaf leaf;

        /** Under the structure lock, inner nodes do not change: a plain walk finds the leaf. */
        Path(K key) {
            Node node = root;
            while (node instanceof Inner inner) {
                int c = childIndex(inner, key);
                inners.add(inner);
                indexes.add(c);
                node = present(inner.children[c]);
            }
            leaf = (Leaf) node;
        }

        int depth() {
            return inners.size();
        }
    }

    /** {@link #update} for a write that splits, merges or removes its leaf: under the structure lock. */
    private @Nullable Object updateRestructuring(K key, Object expected, @Nullable Object value) {
        Held held = new Held();
        structure.lock();
        try {
            Path path = new Path(key);
            Leaf leaf = path.leaf;
            // the leaf may still change in place: read it, then hold it if it has not changed since
            int i;
            for (int attempt = 0; ; attempt++) {
                long v = leaf.version;
                if (!held(v)) {
                    try {
                        i = search(leaf, key);
                    } catch (RuntimeException e) {
                        if (unchanged(leaf, v)) {
                            throw e;
                        }
                        i = RETRY;
                    }
                    if (i != RETRY && tryHold(leaf, v)) {
                        held.nodes.add(leaf);
                        break;
                    }
                }
                pause(attempt);
            }
            Object current = i >= 0 ? leaf.values[i] : null;
            if (!allows(expected, current) || (value == null && i < 0)) {
                return current;
            }
            if (value != null && i >= 0) {
                leaf.values[i] = value;
            } else if (value != null) {
                if (leaf.count < capacity) {
                    insertAt(leaf, -i - 1, key, value);
                } else {
                    split(path, held, -i - 1, key, value);
                }
            } else {
                removeAt(leaf, i);
                if (leaf.count < minimum && leaf != root) {
                    rebalance(path, path.depth(), held);
                }
            }
            return current;
        } finally {
            held.freeAll();
            structure.unlock();
        }
    }

    /** Splits the held, full leaf of {@code path} in two and puts the new key in its half; the parents follow. */
    private void split(Path path, Held held, int at, K key, Object value) {
        Leaf left = path.leaf;
        Leaf right = new Leaf(capacity);
        if (at == capacity) {
            // the key comes after all of the leaf's: keys arriving in ascending order leave their leaves full
            right.keys[0] = key;
            right.values[0] = value;
            right.count = 1;
            addChild(path, path.depth() - 1, held, left, key, right);
            return;
        }
        int half = capacity / 2;
        int moved = capacity - half;
        System.arraycopy(left.keys, half, right.keys, 0, moved);
        System.arraycopy(left.values, half, right.values, 0, moved);
        Arrays.fill(left.keys, half, capacity, null);
        Arrays.fill(left.values, half, capacity, null);
        left.count = half;
        right.count = moved;
        if (at <= half) {
            insertAt(left, at, key, value);
        } else {
            insertAt(right, at - half, key, value);
        }
        addChild(path, path.depth() - 1, held, left, present(right.keys[0]), right);
    }

    /**
     * Puts {@code right} into the inner node at {@code level} of the path, just after {@code left}, with {@code
     * separator} between them; splits that node in turn when it is full, and grows a new root above the old one.
     */
    private void addChild(Path path, int level, Held held, Node left, Object separator, Node right) {
        if (level < 0) {
            Inner top = new Inner(capacity);
            top.children[0] = left;
            top.children[1] = right;
            top.keys[0] = separator;
            top.count = 2;
            // published before the old root is freed: a reader that finds the old root free also finds it replaced
            root = top;
            return;
        }
        Inner parent = path.inners.get(level);
        int c = path.indexes.get(level);
        held.hold(parent);
        if (parent.count < capacity) {
            insertChild(parent, c, separator, right);
            return;
        }
        // split the parent: the lower half stays, the upper half moves, the middle separator goes up
        Node[] children = new Node[capacity + 1];
        Object[] keys = new Object[capacity];
        System.arraycopy(parent.children, 0, children, 0, c + 1);
        children[c + 1] = right;
        System.arraycopy(parent.children, c + 1, children, c + 2, capacity - c - 1);
        System.arraycopy(parent.keys, 0, keys, 0, c);
        keys[c] = separator;
        System.arraycopy(parent.keys, c, keys, c + 1, capacity - 1 - c);
        int stay = (capacity + 1) / 2;
        Inner sibling = new Inner(capacity);
        int go = capacity + 1 - stay;
        System.arraycopy(children, stay, sibling.children, 0, go);
        System.arraycopy(keys, stay, sibling.keys, 0, go - 1);
        sibling.count = go;
        Arrays.fill(parent.children, null);
        Arrays.fill(parent.keys, null);
        System.arraycopy(children, 0, parent.children, 0, stay);
        System.arraycopy(keys, 0, parent.keys, 0, stay - 1);
        parent.count = stay;
        addChild(path, level - 1, held, parent, keys[stay - 1], sibling);
    }

    private static void insertChild(Inner parent, int after, Object separator, Node child) {
        int n = parent.count;
        System.arraycopy(parent.children, after + 1, parent.children, after + 2, n - after - 1);
        System.arraycopy(parent.keys, after, parent.keys, after + 1, n - 1 - after);
        parent.children[after + 1] = child;
        parent.keys[after] = separator;
        parent.count = n + 1;
    }

    /** Takes child {@code c} out of {@code parent}, with the separator on its left (on its right for the first). */
    private static void removeChild(Inner parent, int c) {
        int n = parent.count;
        System.arraycopy(parent.children, c + 1, parent.children, c, n - c - 1);
        parent.children[n - 1] = null;
        if (n > 1) {
            int k = c > 0 ? c - 1 : 0;
            System.arraycopy(parent.keys, k + 1, parent.keys, k, n - 2 - k);
            parent.keys[n - 2] = null;
        }
        parent.count = n - 1;
    }

    /**
     * The node at {@code level} of the path (the leaf when {@code level} is the path's depth), held, has fallen
     * under the minimum: removes it if empty, merges it with a neighbour under the same parent if the two fit in
     * half a node, and goes on up when that leaves the parent sparse; collapses a root left with one child.
     */
    private void rebalance(Path path, int level, Held held) {
        if (level == 0) {
            collapseRoot(held);
            return;
        }
        Node node = level == path.depth() ? path.leaf : path.inners.get(level);
        Inner parent = path.inners.get(level - 1);
        int c = path.indexes.get(level - 1);
        if (node.count == 0) {
            held.hold(parent);
            removeChild(parent, c);
            held.retire(node);
        } else if (parent.count > 1) {
            int leftIndex = c > 0 ? c - 1 : c;
            Node left = present(parent.children[leftIndex]);
            Node right = present(parent.children[leftIndex + 1]);
            if (left.count + right.count > capacity / 2) {
                return;
            }
            // a neighbouring leaf may still grow in place until it is held: check again once both are
            if (!held.nodes.contains(left)) {
                held.hold(left);
            }
            if (!held.nodes.contains(right)) {
                held.hold(right);
            }
            if (left.count + right.count > capacity / 2) {
                return;
            }
            held.hold(parent);
            merge(left, right, present(parent.keys[leftIndex]));
            removeChild(parent, leftIndex + 1);
            held.retire(right);
        } else {
            return;
        }
        if (parent == root) {
            collapseRoot(held);
        } else if (parent.count < minimum) {
            rebalance(path, level - 1, held);
        }
    }

    /** Moves everything of {@code right} to the end of {@code left}, its neighbour; both held. */
    private static void merge(Node left, Node right, Object separator) {
        int l = left.count;
        int r = right.count;
        if (left instanceof Leaf leftLeaf) {
            Leaf rightLeaf = (Leaf) right;
            System.arraycopy(rightLeaf.keys, 0, leftLeaf.keys, l, r);
            System.arraycopy(rightLeaf.values, 0, leftLeaf.values, l, r);
        } else {
            Inner leftInner = (Inner) left;
            Inner rightInner = (Inner) right;
            leftInner.keys[l - 1] = separator;
            System.arraycopy(rightInner.keys, 0, leftInner.keys, l, r - 1);
            System.arraycopy(rightInner.children, 0, leftInner.children, l, r);
        }
        left.count = l + r;
    }

    /** While the root is an inner node of one child (or none), that child (or an empty leaf) becomes the root. */
    private void collapseRoot(Held held) {
        while (root instanceof Inner top && top.count <= 1) {
            if (!held.nodes.contains(top)) {
                held.hold(top);
            }
            root = top.count == 1 ? present(top.children[0]) : new Leaf(capacity);
            held.retire(top);
        }
    }

    /**
     * Empties the tree: every node of the old one is held for good (a write that reached one starts over, in the
     * new tree), then an empty leaf becomes the root.
     */
    @Override
    public void clear() {
        structure.lock();
        try {
            for (Node node : nodes()) {
                holdLeaf(node); // inner nodes too: under the structure lock, only their holders wait
            }
            root = new Leaf(capacity);
        } finally {
            structure.unlock();
        }
    }

    /** {@return every node of the tree; only under the structure lock, where inner nodes do not change} */
    private List<Node> nodes() {
        List<Node> nodes = new ArrayList<>();
        nodes.add(root);
        for (int next = 0; next < nodes.size(); next++) {
            if (nodes.get(next) instanceof Inner inner) {
                for (int i = 0; i < inner.count; i++) {
                    nodes.add(present(inner.children[i]));
                }
            }
        }
        return nodes;
    }

    // ------------------------------------------------------------------ navigation

    /** {@return the smallest key, or null when empty} */
    @Nullable
    K firstKey() {
        return seek(null, true, true);
    }

    /** {@return the largest key, or null when empty} */
    @Nullable
    K lastKey() {
        return seek(null, false, false);
    }

    /** {@return the smallest key greater than {@code key}, or null} */
    @Nullable
    K higherKey(K key) {
        return seek(Objects.requireNonNull(key, "key"), false, true);
    }

    /** {@return the largest key less than {@code key}, or null} */
    @Nullable
    K lowerKey(K key) {
        return seek(Objects.requireNonNull(key, "key"), false, false);
    }

    /** A leaf read, with its version, kept to be checked again once the answer is found in a later leaf. */
    private record Passed(Node leaf, long version) {}

    private boolean stillUnchanged(List<Passed> passed) {
        for (Passed p : passed) {
            if (!unchanged(p.leaf(), p.version())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Where a walk's descent landed: the leaf, its version, the bound of the leaf's range in the walk's direction
     * (null at the tree's end), and the index of the first key to read there (which may be past the leaf's keys).
     * The caller reads the leaf from there and then checks {@code unchanged(leaf, version)}.
     */
    private final class Walk {
        @Nullable
        Leaf leaf;

        long version;

        @Nullable
        Object bound;

        int index;

        /** What {@link #search} gave for the key walked to: its index, or its insertion point encoded. */
        int search;

        /** The key's value, for {@link #descend}'s walks. */
        @Nullable
        Object value;

        /**
         * Reads down to the leaf of the keys from {@code from} upwards: at or after it when {@code including},
         * after it otherwise, from the start when null. {@return false to start again}
         */
        boolean up(@Nullable K from, boolean including) {
            Node node = root;
            long v = node.version;
            if (held(v) || node != root) {
                return false;
            }
            try {
                Object upper = null;
                while (node instanceof Inner inner) {
                    int n = Math.min(inner.count, inner.children.length);
                    int c = from == null ? 0 : childIndex(inner, from);
                    Node child = c == RETRY ? null : inner.children[c];
                    Object separator = c < n - 1 ? inner.keys[c] : upper;
                    if (child == null || (c < n - 1 && separator == null)) {
                        return false;
                    }
                    long cv = child.version;
                    if (held(cv) || !unchanged(inner, v)) {
                        return false;
                    }
                    upper = separator;
                    node = child;
                    v = cv;
                }
                int i = from == null ? 0 : search(node, from);
                if (i == RETRY) {
                    return false;
                }
                leaf = (Leaf) node;
                version = v;
                bound = upper;
                search = i;
                index = from == null ? 0 : i >= 0 ? (including ? i : i + 1) : -i - 1;
                return true;
            } catch (RuntimeException e) {
                if (unchanged(node, v)) {
                    throw e;
                }
                return false;
            }
        }

        /**
         * Reads down to the leaf of the keys below {@code before}, from the end when null; {@link #index} is the
         * last key to read, -1 when none. {@return false to start again}
         */
        boolean down(@Nullable K before) {
            Node node = root;
            long v = node.version;
            if (held(v) || node != root) {
                return false;
            }
            try {
                Object lower = null;
                while (node instanceof Inner inner) {
                    int n = Math.min(inner.count, inner.children.length);
                    int c = before == null ? n - 1 : childBelow(inner, before);
                    Node child = c == RETRY || c < 0 ? null : inner.children[c];
                    Object separator = c > 0 ? inner.keys[c - 1] : lower;
                    if (child == null || (c > 0 && separator == null)) {
                        return false;
                    }
                    long cv = child.version;
                    if (held(cv) || !unchanged(inner, v)) {
                        return false;
                    }
                    lower = separator;
                    node = child;
                    v = cv;
                }
                int i = before == null ? Math.min(node.count, capacity) : search(node, before);
                if (i == RETRY) {
                    return false;
                }
                leaf = (Leaf) node;
                version = v;
                bound = lower;
                index = before == null ? i - 1 : i >= 0 ? i - 1 : -i - 2;
                return true;
            } catch (RuntimeException e) {
                if (unchanged(node, v)) {
                    throw e;
                }
                return false;
            }
        }
    }

    /**
     * The smallest key at or after {@code from} ({@code inclusive}) or after it, null {@code from} being the start;
     * or the largest key before it ({@code upwards} false), null being the end. When the leaf of {@code from} has
     * none, the search goes on from that leaf's bound, and the answer holds only if the leaves passed are unchanged
     * after it is found.
     */
    @SuppressWarnings("unchecked")
    private @Nullable K seek(@Nullable K from, boolean inclusive, boolean upwards) {
        Walk walk = new Walk();
        List<Passed> passed = new ArrayList<>(2);
        K bound = from;
        boolean including = inclusive;
        for (int attempt = 0; ; attempt++) {
            if (upwards ? walk.up(bound, including) : walk.down(bound)) {
                Leaf leaf = present(walk.leaf);
                int i = walk.index;
                Object answer = i >= 0 && i < Math.min(leaf.count, capacity) ? leaf.keys[i] : null;
                if (unchanged(leaf, walk.version)) {
                    if (answer != null || walk.bound == null) {
                        if (stillUnchanged(passed)) {
                            return (K) answer;
                        }
                    } else if (passed.size() < 8) {
                        passed.add(new Passed(leaf, walk.version));
                        bound = (K) walk.bound;
                        including = true;
                        continue;
                    }
                    // a passed leaf changed, or too many leaves passed: from the start
                    passed.clear();
                    bound = from;
                    including = inclusive;
                }
            }
            pause(attempt);
        }
    }

    // ------------------------------------------------------------------ iteration

    /** {@return the entries with keys greater than {@code key}, ascending; weakly consistent} */
    Iterator<Map.Entry<K, V>> entriesAfter(K key) {
        return new Entries(Objects.requireNonNull(key, "key"));
    }

    @Override
    public Set<Map.Entry<K, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<K, V>> iterator() {
                return new Entries(null);
            }

            @Override
            public int size() {
                return OrderedTree.this.size();
            }

            @Override
            public boolean isEmpty() {
                return OrderedTree.this.isEmpty();
            }
        };
    }

    @Override
    public int size() {
        int n = 0;
        for (Iterator<Map.Entry<K, V>> it = new Entries(null); it.hasNext(); it.next()) {
            n++;
        }
        return n;
    }

    @Override
    public boolean isEmpty() {
        return firstKey() == null;
    }

    /**
     * Walks the tree a leaf at a time: each step copies the entries after the last key returned from one leaf, read
     * as {@link #get} reads, then goes on from that leaf's upper bound.
     */
    private final class Entries implements Iterator<Map.Entry<K, V>> {
        private @Nullable K last;
        private boolean started;
        private final Walk walk = new Walk();
        private final Object[] keys = new Object[capacity];
        private final Object[] values = new Object[capacity];
        private int size;
        private int next;
        private boolean done;
        private @Nullable K removable;

        Entries(@Nullable K after) {
            this.last = after;
            this.started = after != null;
        }

        @Override
        public boolean hasNext() {
            while (next == size && !done) {
                fill();
            }
            return next < size;
        }

        @Override
        @SuppressWarnings("unchecked")
        public Map.Entry<K, V> next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            K key = (K) keys[next];
            V value = (V) values[next];
            next++;
            last = key;
            started = true;
            removable = key;
            return new SimpleImmutableEntry<>(key, value);
        }

        @Override
        public void remove() {
            K key = removable;
            if (key == null) {
                throw new IllegalStateException("next() has not returned an entry to remove");
            }
            removable = null;
            OrderedTree.this.remove(key);
        }

        /** Copies the next leaf's entries after {@link #last}, or finds that there are none. */
        @SuppressWarnings("unchecked")
        private void fill() {
            K bound = last;
            boolean including = !started;
            for (int attempt = 0; ; attempt++) {
                if (walk.up(bound, including)) {
                    Leaf leaf = present(walk.leaf);
                    int copied = Math.max(0, Math.min(leaf.count, capacity) - walk.index);
                    System.arraycopy(leaf.keys, walk.index, keys, 0, copied);
                    System.arraycopy(leaf.values, walk.index, values, 0, copied);
                    if (unchanged(leaf, walk.version) && complete(copied)) {
                        size = copied;
                        next = 0;
                        if (copied > 0) {
                            return;
                        }
                        if (walk.bound == null) {
                            done = true;
                            return;
                        }
                        bound = (K) walk.bound;
                        including = true;
                        continue;
                    }
                }
                pause(attempt);
            }
        }

        private boolean complete(int copied) {
            for (int i = 0; i < copied; i++) {
                if (keys[i] == null || values[i] == null) {
                    return false;
                }
            }
            return true;
        }
    }

    // ------------------------------------------------------------------ checks for tests

    /** {@return the number of leaves, counted under the structure lock} */
    int leaves() {
        structure.lock();
        try {
            return (int) nodes().stream().filter(node -> node instanceof Leaf).count();
        } finally {
            structure.unlock();
        }
    }

    /** {@return the number of levels: 1 for a lone leaf} */
    int height() {
        int h = 1;
        for (Node node = root; node instanceof Inner inner; node = inner.children[0]) {
            h++;
        }
        return h;
    }

    /**
     * Checks the tree at rest: keys ascending and inside their separators, counts in range, no empty leaf but the
     * root, every leaf at one depth, no node held. Throws an {@link AssertionError} naming what is wrong.
     */
    void checkInvariants() {
        structure.lock();
        try {
            Node top = root;
            check(top, null, null, 1, height(), top == root);
        } finally {
            structure.unlock();
        }
    }

    @SuppressWarnings("unchecked")
    private void check(Node node, @Nullable Object low, @Nullable Object high, int depth, int height, boolean isRoot) {
        if (held(node.version)) {
            throw new AssertionError("a node at depth " + depth + " is held at rest");
        }
        if (node instanceof Leaf leaf) {
            if (depth != height) {
                throw new AssertionError("a leaf at depth " + depth + " in a tree of height " + height);
            }
            if (leaf.count < 0 || leaf.count > capacity || (leaf.count == 0 && !isRoot)) {
                throw new AssertionError("a leaf holds " + leaf.count + " keys");
            }
            for (int i = 0; i < capacity; i++) {
                boolean used = i < leaf.count;
                if (used != (leaf.keys[i] != null) || used != (leaf.values[i] != null)) {
                    throw new AssertionError(
                            "leaf slot " + i + " of " + leaf.count + " is " + (used ? "empty" : "used"));
                }
            }
            checkRange(leaf.keys, leaf.count, low, high, depth);
            return;
        }
        Inner inner = (Inner) node;
        if (inner.count < (isRoot ? 2 : 1) || inner.count > capacity) {
            throw new AssertionError("an inner node at depth " + depth + " has " + inner.count + " children");
        }
        checkRange(inner.keys, inner.count - 1, low, high, depth);
        for (int i = 0; i < inner.count; i++) {
            Object childLow = i == 0 ? low : inner.keys[i - 1];
            Object childHigh = i == inner.count - 1 ? high : inner.keys[i];
            Node child = inner.children[i];
            if (child == null) {
                throw new AssertionError("child " + i + " of an inner node at depth " + depth + " is missing");
            }
            check(child, childLow, childHigh, depth + 1, height, false);
        }
    }

    @SuppressWarnings("unchecked")
    private void checkRange(@Nullable Object[] keys, int n, @Nullable Object low, @Nullable Object high, int depth) {
        for (int i = 0; i < n; i++) {
            K k = (K) keys[i];
            if (k == null) {
                throw new AssertionError("key " + i + " of " + n + " at depth " + depth + " is missing");
            }
            if (i > 0 && order.compare((K) keys[i - 1], k) >= 0) {
                throw new AssertionError("keys " + keys[i - 1] + " and " + k + " at depth " + depth + " out of order");
            }
            if (low != null && order.compare(k, (K) low) < 0) {
                throw new AssertionError("key " + k + " at depth " + depth + " is below its separator " + low);
            }
            if (high != null && order.compare(k, (K) high) >= 0) {
                throw new AssertionError("key " + k + " at depth " + depth + " is not below its separator " + high);
            }
        }
    }
}
