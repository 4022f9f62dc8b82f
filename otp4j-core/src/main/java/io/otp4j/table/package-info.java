/**
 * Tables: shared, keyed, concurrent storage owned by a process, like Erlang's ETS.
 *
 * <p>A GenServer holding a map serializes every read behind one mailbox. A table lets any number of
 * processes (and plain threads) read and write at once, each operation atomic per key, while keeping OTP's
 * ownership rules: a table belongs to a process and goes away with it.
 *
 * <pre>
 *   owner process ── creates ──▶ Table ◀── lookup / insert / updateCounter ── any process or thread
 *        │                         │          (checked against the access mode)
 *        │ dies                    │
 *        ▼                         ▼
 *   table manager (one per node, monitors owners) ── heir set and alive? ── yes ─▶ heir owns it, gets TableTransfer
 *                                                                        └─ no ──▶ table deleted
 * </pre>
 *
 * <h2>Example</h2>
 *
 * {@snippet class="io.otp4j.table.DocSnippetsTest" region="example"}
 *
 * <h2>Kinds</h2>
 *
 * {@link io.otp4j.table.Table#set set} and {@link io.otp4j.table.Table#orderedSet ordered set} hold one value per
 * key ({@link io.otp4j.table.SetTable}: {@code lookup} returns an {@code Optional}; counters and element updates);
 * {@link io.otp4j.table.Table#bag bag} and {@link io.otp4j.table.Table#duplicateBag duplicate bag} several
 * ({@link io.otp4j.table.BagTable}: {@code lookup} returns a list, oldest first). A set rests on a {@code
 * ConcurrentHashMap}, an ordered set on otp4j's own concurrent B+-tree, whose reads take no lock; both are
 * linearizable per key, and so are an ordered set's {@code first}, {@code last}, {@code next} and {@code previous}.
 *
 * <h2>Who is calling: access modes</h2>
 *
 * A public table takes reads and writes from anyone; a protected one (the default) reads from anyone and writes
 * from its owner only; a private one only its owner. otp4j passes a process's context explicitly (ADR 2), but
 * table operations take no context argument: the caller is the process whose own thread runs the operation,
 * checked by the process layer's {@code isSelf} in one comparison. The
 * owner is named explicitly: the context passed to the factory, the pid passed to {@code giveAway} or the heir.
 * A refused operation throws {@link io.otp4j.table.TableAccessException}, naming the table, the calling process
 * and the mode. See ADR 11.
 *
 * <h2>Owners, heirs, give-away</h2>
 *
 * When the owner exits, for any reason, the table is deleted, unless an {@link io.otp4j.table.Heir} is set and
 * alive: the heir then owns it and receives a {@link io.otp4j.table.TableTransfer} with the heir data. {@link
 * io.otp4j.table.Table#giveAway giveAway} hands the table over at once; the receiver gets a {@code TableTransfer}
 * with the gift data. A node-level manager process watches owners with monitors, so the table goes shortly after
 * its owner's exit (not within the exit itself, as on the BEAM): code that must see it gone waits for {@link
 * io.otp4j.table.Table#isDeleted()} or for the heir's {@code TableTransfer}. Any operation on a deleted table
 * throws {@link io.otp4j.table.TableDeletedException}.
 *
 * <h2>Walking and selecting</h2>
 *
 * {@code first}/{@code next} (and {@code last}/{@code previous}) walk the keys: in order for an ordered set, in
 * hash order otherwise. {@code select} takes a predicate, and with a limit returns a {@link
 * io.otp4j.table.SelectPage} with a continuation for the next page.
 *
 * <h2>When not to use a table</h2>
 *
 * When updates must be atomic across several keys, or need a decision that reads other state, keep the state
 * in a GenServer (or give the table a single writer, a protected table's owner). Keys and values are held by
 * reference: make them immutable, like messages.
 */
@NullMarked
package io.otp4j.table;

import org.jspecify.annotations.NullMarked;
