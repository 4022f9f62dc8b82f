package io.otp4j.persistence;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * Where durable servers keep their state: the SPI a store implements. Every method is safe to call from many
 * processes at once. {@link #claim} and {@link #write} return only once what they wrote is durable; a store shares
 * one flush among the writes that arrive together (group commit).
 *
 * <p>An identity's record holds its current incarnation, its version (the count of writes, or the sequence
 * number of its last event) and its latest snapshot; its events follow the snapshot.
 */
public interface DurableStore extends AutoCloseable {

    /**
     * Starts a new incarnation of {@code identity}: from now on only it may write. Creates the identity, at
     * version 0 with no snapshot, if the store does not hold it.
     *
     * @param identity the identity to claim
     * @return the identity's record, with the new incarnation
     * @throws StoreException if the store fails
     */
    StoredRecord claim(String identity);

    /**
     * Stores {@code write} durably, all of it or nothing. Every write, including one that keeps the version ({@link
     * DurableWrite#castsHandled}), is checked against the identity's record, and a store holds that record for the
     * check until the write commits (in SQL, a lock on its row: the {@code UPDATE} of a write that moves the record
     * row, or a share lock taken by the read that guards a write of events alone), so that a concurrent {@link
     * #claim} is ordered wholly before the write, which is then refused, or wholly after it, and then loads what
     * the write stored.
     *
     * @param write the write, with the writer's incarnation and the version it expects
     * @throws StaleWriteException if the writer's incarnation is not the current one or the store is not at the
     *     version the writer expected; nothing is stored
     * @throws StoreException if the store fails; nothing is stored
     */
    void write(DurableWrite write);

    /**
     * Stores {@code write} as {@link #write} does, but may return before it is durable: {@code whenDone} is told the
     * outcome, null once the write is durable or the error {@link #write} would have thrown, once, on any thread. It
     * must not block. A durable server hands its write over this way and waits for the outcome as a message, so that
     * a pooled server gives its worker up meanwhile. By default it runs {@link #write} and then tells {@code
     * whenDone}, on the calling thread.
     *
     * @param write the write, with the writer's incarnation and the version it expects
     * @param whenDone told the outcome: null, a {@link StaleWriteException} or a {@link StoreException}
     */
    default void write(DurableWrite write, Consumer<@Nullable RuntimeException> whenDone) {
        RuntimeException failed = null;
        try {
            write(write);
        } catch (RuntimeException e) {
            failed = e;
        }
        whenDone.accept(failed);
    }

    /**
     * Hands {@code each} the events of {@code identity} after sequence number {@code after}, in order.
     *
     * @param identity the identity
     * @param after the sequence number to start after: its snapshot's version, or 0 for all
     * @param each takes the events, on the caller's thread
     * @throws StoreException if the store fails
     */
    void replay(String identity, long after, Consumer<StoredEvent> each);

    /**
     * Queues a durable cast to {@code identity}: once this returns, the cast is stored and will be handled, by this
     * incarnation or the next, until a write marks it handled ({@link DurableWrite#castsHandledThrough}).
     *
     * @param identity the identity the cast is for
     * @param payload the cast's bytes
     * @param schemaVersion the schema version the bytes were written at
     * @return the cast's sequence number in the identity's queue
     * @throws StoreException if the store fails; the cast is not queued
     */
    long enqueueCast(String identity, byte[] payload, int schemaVersion);

    /**
     * Hands {@code each} the durable casts queued for {@code identity} after sequence number {@code after}, in
     * order (as {@link StoredEvent}s: sequence number, schema version, bytes).
     *
     * @param identity the identity
     * @param after the sequence number to start after, or 0 for all
     * @param each takes the casts, on the caller's thread
     * @throws StoreException if the store fails
     */
    void pendingCasts(String identity, long after, Consumer<StoredEvent> each);

    /** {@return a short name of the store, for errors and status} */
    String name();

    /** Closes the store: pending writes finish; later calls fail with a {@link StoreException}. */
    @Override
    void close();
}
