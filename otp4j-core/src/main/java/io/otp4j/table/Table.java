package io.otp4j.table;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiPredicate;

/**
 * A shared table of keyed objects owned by a process, like an ETS table: readers and writers reach it
 * directly, from any thread, without queueing behind a process. A {@link SetTable} holds one value per key
 * ({@code set}, {@code ordered_set}); a {@link BagTable} several ({@code bag}, {@code duplicate_bag}).
 *
 * <p>Every operation is atomic and linearizable per key. The access mode ({@link TableAccess}) decides who may
 * read and write; the caller is the process whose thread runs the operation (see the package documentation).
 * An operation refused throws {@link TableAccessException}; any operation on a deleted table throws {@link
 * TableDeletedException}. Keys and values must not be null and, like messages, should be immutable: the table
 * holds them by reference.
 *
 * <p>The owner is the process that created the table. When it dies the table is deleted, unless an heir is set
 * and alive: the heir then owns the table and receives a {@link TableTransfer}. {@link #giveAway} hands the
 * table to another process, which receives a {@link TableTransfer} too.
 *
 * @param <K> the key type
 * @param <V> the value type
 */
public sealed interface Table<K, V> permits SetTable, BagTable, TableCore {

    /**
     * Creates a protected {@code set} table owned by the calling process. See {@link #set(ProcessContext,
     * TableOptions)}.
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     */
    static <K, V> SetTable<K, V> set(ProcessContext owner) {
        return set(owner, TableOptions.defaults());
    }

    /**
     * Creates a {@code set} table, one value per key with keys in no particular order, owned by the calling
     * process ({@code ets:new(Name, [set | Options])}).
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param options access mode, name and heir; {@link TableOptions#defaults()} for a protected, unnamed table
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     * @throws TableNameTakenException if the options name the table and the name is taken
     */
    static <K, V> SetTable<K, V> set(ProcessContext owner, TableOptions options) {
        return SetTableImpl.create(owner, options, TableType.SET, null);
    }

    /**
     * Creates an {@code ordered_set} table with keys in their natural order, owned by the calling process.
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param options access mode, name and heir; {@link TableOptions#defaults()} for a protected, unnamed table
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     * @throws TableNameTakenException if the options name the table and the name is taken
     */
    static <K extends Comparable<? super K>, V> SetTable<K, V> orderedSet(ProcessContext owner, TableOptions options) {
        return SetTableImpl.create(owner, options, TableType.ORDERED_SET, Comparator.<K>naturalOrder());
    }

    /**
     * Creates an {@code ordered_set} table with keys in {@code order}, owned by the calling process. Two keys
     * the comparator finds equal are the same key.
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param order the order of the keys, for walks, selects and equality of keys
     * @param options access mode, name and heir; {@link TableOptions#defaults()} for a protected, unnamed table
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     * @throws TableNameTakenException if the options name the table and the name is taken
     */
    static <K, V> SetTable<K, V> orderedSet(ProcessContext owner, Comparator<? super K> order, TableOptions options) {
        java.util.Objects.requireNonNull(order, "order");
        return SetTableImpl.create(owner, options, TableType.ORDERED_SET, order);
    }

    /**
     * Creates a {@code bag} table (several distinct values per key) owned by the calling process.
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param options access mode, name and heir; {@link TableOptions#defaults()} for a protected, unnamed table
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     * @throws TableNameTakenException if the options name the table and the name is taken
     */
    static <K, V> BagTable<K, V> bag(ProcessContext owner, TableOptions options) {
        return BagTableImpl.create(owner, options, TableType.BAG);
    }

    /**
     * Creates a {@code duplicate_bag} table (several values per key, equal ones too) owned by the calling process.
     *
     * @param owner the calling process's context; the call must run on its own thread
     * @param options access mode, name and heir; {@link TableOptions#defaults()} for a protected, unnamed table
     * @param <K> the key type
     * @param <V> the value type
     * @return the new table, empty
     * @throws IllegalStateException if not called on {@code owner}'s own thread
     * @throws TableNameTakenException if the options name the table and the name is taken
     */
    static <K, V> BagTable<K, V> duplicateBag(ProcessContext owner, TableOptions options) {
        return BagTableImpl.create(owner, options, TableType.DUPLICATE_BAG);
    }

    /**
     * {@return the live table of {@code node} named {@code name}, if any} ({@code ets:whereis/1})
     *
     * @param node the node whose tables are searched
     * @param name the table's name, given with {@link TableOptions#withName}
     */
    static Optional<Table<?, ?>> whereis(Node node, String name) {
        return TableManager.whereis(node, name);
    }

    // ------------------------------------------------------------------ identity

    /** {@return the node the table belongs to} */
    Node node();

    /** {@return the node-wide name, if the table has one} */
    Optional<String> name();

    /** {@return the kind of table} */
    TableType type();

    /** {@return the access mode} */
    TableAccess access();

    /** {@return the owning process} (readable by anyone, even after deletion: the last owner) */
    Pid owner();

    /** {@return the heir, if set} */
    Optional<Heir> heir();

    /** {@return whether the table has been deleted} */
    boolean isDeleted();

    // ------------------------------------------------------------------ writes

    /**
     * Inserts an object ({@code ets:insert/2}). A set replaces the value under the key; a bag adds the value
     * unless an equal one is there; a duplicate bag always adds it.
     *
     * @param key the object's key
     * @param value the object's value
     * @throws TableAccessException if the caller may not write
     */
    void insert(K key, V value);

    /**
     * Inserts an object only if the key is absent ({@code ets:insert_new/2}).
     *
     * @param key the object's key
     * @param value the object's value
     * @return whether it was inserted
     */
    boolean insertNew(K key, V value);

    /**
     * Deletes every object under the key ({@code ets:delete/2}).
     *
     * @param key the key whose objects go
     * @return whether there was any
     */
    boolean delete(K key);

    /**
     * Deletes the object {@code key}/{@code value}: in a set only if the key holds an equal value; in a
     * duplicate bag every copy of it ({@code ets:delete_object/2}).
     *
     * @param key the object's key
     * @param value the value to delete, compared with {@code equals}
     * @return whether anything was deleted
     */
    boolean deleteObject(K key, V value);

    /** Deletes every object, keeping the table ({@code ets:delete_all_objects/1}). Not atomic with other writes. */
    void deleteAllObjects();

    // ------------------------------------------------------------------ reads

    /**
     * {@return whether any object has the key} ({@code ets:member/2})
     *
     * @param key the key to look for
     */
    boolean member(K key);

    /**
     * {@return every object} ({@code ets:tab2list/1}): in key order for an ordered set, in hash order
     * otherwise; for a bag, a key's values in the order they were inserted. Each key's objects are read
     * atomically; the list as a whole is not a snapshot when writes run at the same time.
     */
    List<Entry<K, V>> toList();

    /** {@return the number of objects} (for bags, of values over all keys) */
    long size();

    /** {@return a snapshot of the settings and size} ({@code ets:info/1}) */
    TableInfo info();

    /**
     * {@return the first key} ({@code ets:first/1}): the least in an ordered set, the first in hash order
     * otherwise; empty when the table is empty
     */
    Optional<K> first();

    /**
     * {@return the key after {@code key}} ({@code ets:next/2}), or empty at the end. In an ordered set the key
     * need not be in the table. In a set or bag it must be, unless it was the last key returned by {@code
     * first}/{@code next} on this table: a walk by one caller resumes where it left off, in constant time,
     * and sees every key present throughout the walk exactly once.
     *
     * @param key the key to start after
     * @throws java.util.NoSuchElementException for a set or bag, if {@code key} is not in the table and not
     *     where the last walk stopped
     */
    Optional<K> next(K key);

    /** {@return the last key of an ordered set} ({@code ets:last/1}); for a set or bag, as {@link #first()} */
    Optional<K> last();

    /**
     * {@return the key before {@code key} in an ordered set} ({@code ets:prev/2}); for a set or bag, as {@link
     * #next}
     *
     * @param key the key to start before
     */
    Optional<K> previous(K key);

    /**
     * {@return every object {@code match} accepts} ({@code ets:select/2} with a predicate for a match spec), in
     * key order for an ordered set
     *
     * @param match decides, from an object's key and value, whether it is selected; free of side effects
     */
    List<Entry<K, V>> select(BiPredicate<? super K, ? super V> match);

    /**
     * {@return at most {@code limit} objects {@code match} accepts, and a continuation when more may follow}
     * ({@code ets:select/3})
     *
     * @param match decides, from an object's key and value, whether it is selected; free of side effects
     * @param limit the most objects in the page, at least 1
     * @throws IllegalArgumentException if {@code limit} is not positive
     */
    SelectPage<K, V> select(BiPredicate<? super K, ? super V> match, int limit);

    /**
     * {@return the next page of a select} ({@code ets:select/1})
     *
     * @param continuation where the previous page stopped, from {@link SelectPage}
     * @throws IllegalArgumentException if the continuation is of another table
     * @throws IllegalStateException if a set's or bag's continuation was already used
     */
    SelectPage<K, V> select(SelectContinuation<K, V> continuation);

    // ------------------------------------------------------------------ ownership

    /**
     * Makes {@code to} the owner ({@code ets:give_away/3}); it receives a {@link TableTransfer} with {@code
     * giftData}. From this call's return, the caller has only the rights of any other process.
     *
     * @param to the new owner, a live process of the table's node other than the owner
     * @param giftData what {@code to} receives in its {@link TableTransfer}, to tell this table from others
     * @throws TableAccessException if the caller is not the owner
     * @throws IllegalArgumentException if {@code to} is the owner already, or is not a live process of the
     *     table's node
     */
    void giveAway(Pid to, Object giftData);

    /**
     * Sets the heir ({@code ets:setopts(Tab, {heir, Pid, Data})}): when the owner dies, {@code heir} owns the
     * table and receives a {@link TableTransfer} with {@code data}. Only the owner may set it.
     *
     * @param heir the process that owns the table once its owner exits, if it is still alive then
     * @param data what the heir receives in its {@link TableTransfer}
     * @throws TableAccessException if the caller is not the owner
     * @throws IllegalArgumentException if {@code heir} is not a process of the table's node
     */
    void setHeir(Pid heir, Object data);

    /**
     * Removes the heir ({@code {heir, none}}). Only the owner may.
     *
     * @throws TableAccessException if the caller is not the owner
     */
    void clearHeir();

    /**
     * Deletes the table and its objects ({@code ets:delete/1}); the name, if any, is free again. It needs the
     * right to write: the owner, or anyone for a public table.
     *
     * @throws TableAccessException if the caller may not write
     */
    void deleteTable();
}
