package io.otp4j.table;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.BiPredicate;
import org.jspecify.annotations.Nullable;

/**
 * What every kind of table shares: identity, the access checks, ownership and deletion, and select. The kinds
 * differ only in how they store objects.
 *
 * <p>The access check runs on every operation and costs one volatile load (deleted?) for a public table, plus
 * one volatile load of the owner and a thread comparison ({@code Engine.isSelf}) where the mode asks for the
 * owner. The owner is written by {@link #giveAway} on the owner's thread and by the {@link TableManager} when
 * the owner has died; a volatile write, so the new owner's first operation sees itself as owner.
 */
abstract sealed class TableCore<K, V> implements Table<K, V> permits SetTableImpl, BagTableImpl {

    private static final Engine ENGINE = Engine.get();
    private static final VarHandle DELETED;

    static {
        try {
            DELETED = MethodHandles.lookup().findVarHandle(TableCore.class, "deleted", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Estimated bytes of the table object itself, its storage's header and its counters. */
    static final long BASE_BYTES = 256;

    final Node node;
    private final TableType type;
    private final TableAccess access;
    private final boolean ownerOnlyReads;
    private final boolean ownerOnlyWrites;
    private final Optional<String> name;
    private final long number;
    private final @Nullable TableManager manager;
    private volatile Pid owner;
    private volatile @Nullable Heir heir;

    /** Read directly on every operation; set once, by a compare-and-set through {@link #DELETED}. */
    private volatile boolean deleted;

    /** Objects in the table (values, for bags), kept by the writers. */
    final LongAdder size = new LongAdder();

    TableCore(Node node, @Nullable TableManager manager, TableType type, TableOptions options, Pid owner, long number) {
        this.node = node;
        this.manager = manager;
        this.type = type;
        this.access = options.access();
        this.ownerOnlyReads = !access.othersMayRead();
        this.ownerOnlyWrites = !access.othersMayWrite();
        this.name = options.name();
        this.heir = options.heir().orElse(null);
        this.owner = owner;
        this.number = number;
    }

    // ------------------------------------------------------------------ checks

    /**
     * Throws unless the table exists and the caller may read it. The common case (a live table others may
     * read) costs one volatile load and one final-field test, and stays small enough to inline; the rest is in
     * {@link #checkRead}.
     */
    final void readable(String operation) {
        if (deleted || ownerOnlyReads) {
            checkRead(operation);
        }
    }

    /** Throws unless the table exists and the caller may write it; see {@link #readable}. */
    final void writable(String operation) {
        if (deleted || ownerOnlyWrites) {
            checkWrite(operation);
        }
    }

    private void checkRead(String operation) {
        if (isDeleted()) {
            throw new TableDeletedException(toString(), operation);
        }
        if (ownerOnlyReads && !ENGINE.isSelf(owner)) {
            throw refused(operation, "it is private, so only its owner " + owner + " may read or write it");
        }
    }

    private void checkWrite(String operation) {
        if (isDeleted()) {
            throw new TableDeletedException(toString(), operation);
        }
        if (ownerOnlyWrites && !ENGINE.isSelf(owner)) {
            throw refused(
                    operation,
                    "it is " + access.etsName() + ", so only its owner " + owner + " may "
                            + (access == TableAccess.PRIVATE ? "read or write it" : "write it"));
        }
    }

    /** Throws unless the table exists and the caller is its owner. */
    private void ownerOnly(String operation) {
        if (isDeleted()) {
            throw new TableDeletedException(toString(), operation);
        }
        if (!ENGINE.isSelf(owner)) {
            throw refused(operation, "only its owner " + owner + " may, whatever the access mode");
        }
    }

    private TableAccessException refused(String operation, String rule) {
        Thread thread = Thread.currentThread();
        Optional<Pid> caller = ENGINE.pidOf(node, thread);
        String who = caller.map(pid -> "process " + pid)
                .orElseGet(() -> "thread " + thread + " (outside the processes of node " + node.name() + ")");
        return new TableAccessException(toString(), operation, caller, who, access, rule);
    }

    static <T> T checkKey(T key) {
        return Objects.requireNonNull(key, "key");
    }

    static <T> T checkValue(T value) {
        return Objects.requireNonNull(value, "value");
    }

    // ------------------------------------------------------------------ identity

    @Override
    public final Node node() {
        return node;
    }

    @Override
    public final Optional<String> name() {
        return name;
    }

    @Override
    public final TableType type() {
        return type;
    }

    @Override
    public final TableAccess access() {
        return access;
    }

    @Override
    public final Pid owner() {
        return owner;
    }

    @Override
    public final Optional<Heir> heir() {
        return Optional.ofNullable(heir);
    }

    @Override
    public final boolean isDeleted() {
        return deleted;
    }

    @Override
    public final long size() {
        readable("size");
        return Math.max(0, size.sum());
    }

    @Override
    public final TableInfo info() {
        readable("info");
        long objects = Math.max(0, size.sum());
        return new TableInfo(
                name, type, access, owner, heir().map(Heir::pid), objects, BASE_BYTES + memoryBytes(objects));
    }

    /** {@return an estimate of the bytes the storage takes for {@code objects} objects, beyond {@link #BASE_BYTES}} */
    abstract long memoryBytes(long objects);

    @Override
    public final String toString() {
        return (name.map(n -> "\"" + n + "\"").orElse("#" + number)) + " (" + type.etsName() + ", " + access.etsName()
                + ", owner " + owner + (isDeleted() ? ", deleted" : "") + ")";
    }

    // ------------------------------------------------------------------ select

    /** {@return a scan of every object, in the table's order} */
    abstract Iterator<Entry<K, V>> entries();

    /** {@return how to go on with {@code scan}, which stopped after the object with key {@code lastKey}} */
    abstract SelectContinuation.Rest<K, V> rest(Iterator<Entry<K, V>> scan, K lastKey);

    @Override
    public final List<Entry<K, V>> toList() {
        readable("toList");
        List<Entry<K, V>> all = new ArrayList<>();
        entries().forEachRemaining(all::add);
        return all;
    }

    @Override
    public final List<Entry<K, V>> select(BiPredicate<? super K, ? super V> match) {
        Objects.requireNonNull(match, "match");
        readable("select");
        List<Entry<K, V>> matches = new ArrayList<>();
        for (Iterator<Entry<K, V>> scan = entries(); scan.hasNext(); ) {
            Entry<K, V> entry = scan.next();
            if (match.test(entry.key(), entry.value())) {
                matches.add(entry);
            }
        }
        return matches;
    }

    @Override
    public final SelectPage<K, V> select(BiPredicate<? super K, ? super V> match, int limit) {
        Objects.requireNonNull(match, "match");
        if (limit <= 0) {
            throw new IllegalArgumentException("limit must be positive, not " + limit);
        }
        readable("select");
        return page(match, limit, entries());
    }

    @Override
    public final SelectPage<K, V> select(SelectContinuation<K, V> continuation) {
        Objects.requireNonNull(continuation, "continuation");
        if (continuation.table != this) {
            throw new IllegalArgumentException(
                    "the continuation is of table " + continuation.table + ", not of table " + this);
        }
        readable("select");
        return page(continuation.match, continuation.limit, continuation.rest.resume());
    }

    private SelectPage<K, V> page(BiPredicate<? super K, ? super V> match, int limit, Iterator<Entry<K, V>> scan) {
        List<Entry<K, V>> matches = new ArrayList<>(Math.min(limit, 64));
        @Nullable K lastKey = null;
        while (matches.size() < limit && scan.hasNext()) {
            Entry<K, V> entry = scan.next();
            lastKey = entry.key();
            if (match.test(entry.key(), entry.value())) {
                matches.add(entry);
            }
        }
        if (lastKey == null || !scan.hasNext()) {
            return new SelectPage<>(matches, Optional.empty());
        }
        return new SelectPage<>(
                matches, Optional.of(new SelectContinuation<>(this, match, limit, rest(scan, lastKey))));
    }

    /** {@return a one-shot continuation over {@code scan}: a hash order has no key to resume from} */
    final SelectContinuation.Rest<K, V> once(Iterator<Entry<K, V>> scan) {
        AtomicBoolean used = new AtomicBoolean();
        return () -> {
            if (!used.compareAndSet(false, true)) {
                throw new IllegalStateException("this select continuation of table " + this + " was already used: a "
                        + type.etsName() + "'s continuation holds its scan and resumes once");
            }
            return scan;
        };
    }

    // ------------------------------------------------------------------ ownership and deletion

    @Override
    public final void giveAway(Pid to, Object giftData) {
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(giftData, "giftData");
        ownerOnly("giveAway");
        Pid from = owner;
        if (to.equals(from)) {
            throw new IllegalArgumentException("cannot give table " + this + " to " + to + ": it owns it already");
        }
        if (!to.node().equals(node.name()) || !node.isAlive(to)) {
            throw new IllegalArgumentException(
                    "cannot give table " + this + " to " + to + ": not a live process of node " + node.name());
        }
        owner = to;
        if (manager != null) {
            manager.watch(this, from, to);
        }
        node.send(to, new TableTransfer(this, from, giftData));
    }

    @Override
    public final void setHeir(Pid heir, Object data) {
        Objects.requireNonNull(heir, "heir");
        Objects.requireNonNull(data, "data");
        Heir next = new Heir(heir, data);
        ownerOnly("setHeir");
        checkOfNode(node, heir, "heir");
        this.heir = next;
    }

    @Override
    public final void clearHeir() {
        ownerOnly("clearHeir");
        this.heir = null;
    }

    static void checkOfNode(Node node, Pid pid, String role) {
        if (!pid.node().equals(node.name())) {
            throw new IllegalArgumentException(
                    "the " + role + " " + pid + " is not a process of the table's node " + node.name());
        }
    }

    @Override
    public final void deleteTable() {
        writable("deleteTable");
        drop();
    }

    /**
     * The owner {@code dead} has exited: the heir, if alive, takes the table and is told; otherwise the table
     * goes. Runs on the manager's thread.
     */
    final void ownerDied(Pid dead, ProcessContext managerSelf, TableManager by) {
        if (isDeleted() || !owner.equals(dead)) {
            return; // given away (or deleted) before its owner died
        }
        Heir inherits = heir;
        if (inherits != null && !inherits.pid().equals(dead) && node.isAlive(inherits.pid())) {
            heir = null; // as ETS: the heir inherits once; it may name an heir of its own
            owner = inherits.pid();
            by.watchHere(managerSelf, this, dead, inherits.pid());
            node.send(inherits.pid(), new TableTransfer(this, dead, inherits.data()));
        } else {
            drop();
        }
    }

    /** Deletes the table, once: frees its name and storage. {@return whether this call deleted it} */
    final boolean drop() {
        if (!DELETED.compareAndSet(this, false, true)) {
            return false;
        }
        clear();
        size.reset();
        if (manager != null) {
            manager.forget(this, owner);
        }
        return true;
    }

    /** Empties the storage of a deleted table, for the collector. */
    abstract void clear();
}
