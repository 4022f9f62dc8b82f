package io.otp4j.persistence;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One write of an identity, stored all or nothing by {@link DurableStore#write}: it moves the identity from
 * {@code expectedVersion} to {@code newVersion}, appending {@code events} (numbered {@code expectedVersion + 1}
 * on), replacing the snapshot if there is one, deleting the events up to {@code deleteEventsThrough} and the durable
 * casts up to {@code castsHandledThrough}.
 *
 * <p>One kind of write keeps the version: {@link #castsHandled}, which only deletes durable casts whose handling
 * decided nothing to store. It passes the same check as any write (the writer's incarnation is the current one, at
 * the version it expects), so a stale incarnation cannot remove a cast that the current one has still to handle.
 *
 * @param identity the identity
 * @param incarnation the writer's incarnation: the write is refused unless it is the current one
 * @param expectedVersion the version the writer last read or wrote: the write is refused unless the store holds it
 * @param newVersion the version after the write
 * @param events the events' bytes, all at {@code eventSchemaVersion}; empty for a state write
 * @param eventSchemaVersion the schema version of the events (0 with none)
 * @param snapshot the new snapshot, at {@code newVersion}, or {@code null} to keep the one stored
 * @param snapshotSchemaVersion the schema version of the snapshot (0 with none)
 * @param deleteEventsThrough delete the events with sequence numbers up to this one (0 deletes none)
 * @param castsHandledThrough delete the durable casts with sequence numbers up to this one: the write stores their
 *     effect (0 deletes none)
 */
public record DurableWrite(
        String identity,
        long incarnation,
        long expectedVersion,
        long newVersion,
        List<byte[]> events,
        int eventSchemaVersion,
        byte @Nullable [] snapshot,
        int snapshotSchemaVersion,
        long deleteEventsThrough,
        long castsHandledThrough) {

    /**
     * Checks that the versions move forward (or stay, for a write that only deletes handled casts) and that the
     * events fill the gap.
     *
     * @throws IllegalArgumentException if the versions, the events and the deletions do not agree, naming them
     */
    public DurableWrite {
        Objects.requireNonNull(identity, "identity");
        events = List.copyOf(events);
        boolean castsOnly = newVersion == expectedVersion && events.isEmpty() && snapshot == null;
        if (castsOnly && (castsHandledThrough < 1 || deleteEventsThrough != 0)) {
            throw new IllegalArgumentException("a write that keeps " + identity + " at version " + expectedVersion
                    + " only deletes handled casts (through 1 or more), not casts through " + castsHandledThrough
                    + " and events through " + deleteEventsThrough);
        }
        if (newVersion < expectedVersion || (newVersion == expectedVersion && !castsOnly)) {
            throw new IllegalArgumentException("a write moves " + identity + " forward, not from version "
                    + expectedVersion + " to " + newVersion);
        }
        if (!events.isEmpty() && newVersion - expectedVersion != events.size()) {
            throw new IllegalArgumentException("a write of " + events.size() + " events moves " + identity
                    + " from version " + expectedVersion + " to " + (expectedVersion + events.size())
                    + ", not to " + newVersion);
        }
        if (events.isEmpty() && snapshot == null && !castsOnly) {
            throw new IllegalArgumentException("a write of " + identity + " holds events or a snapshot");
        }
        if (deleteEventsThrough > newVersion || deleteEventsThrough < 0) {
            throw new IllegalArgumentException(
                    "cannot delete the events of " + identity + " through " + deleteEventsThrough);
        }
        if (castsHandledThrough < 0) {
            throw new IllegalArgumentException(
                    "cannot delete the casts of " + identity + " through " + castsHandledThrough);
        }
    }

    /**
     * {@return a write that replaces the state of a snapshot-style server}
     *
     * @param identity the identity
     * @param incarnation the writer's incarnation
     * @param expectedVersion the version the writer last read or wrote
     * @param state the new state's bytes: the snapshot at {@code expectedVersion + 1}
     * @param schemaVersion the schema version of {@code state}
     */
    public static DurableWrite state(
            String identity, long incarnation, long expectedVersion, byte[] state, int schemaVersion) {
        return new DurableWrite(
                identity, incarnation, expectedVersion, expectedVersion + 1, List.of(), 0, state, schemaVersion, 0, 0);
    }

    /**
     * {@return a write that appends {@code events}, at {@code schemaVersion}, with no snapshot}
     *
     * @param identity the identity
     * @param incarnation the writer's incarnation
     * @param expectedVersion the version the writer last read or wrote: the events are numbered from it plus 1
     * @param events the events' bytes, one or more
     * @param schemaVersion the schema version of the events
     */
    public static DurableWrite events(
            String identity, long incarnation, long expectedVersion, List<byte[]> events, int schemaVersion) {
        return new DurableWrite(
                identity,
                incarnation,
                expectedVersion,
                expectedVersion + events.size(),
                events,
                schemaVersion,
                null,
                0,
                0,
                0);
    }

    /**
     * {@return a write that keeps {@code identity} at {@code version} and deletes its durable casts through {@code
     * seq}: their handling decided nothing to store} It is refused, deleting nothing, unless {@code incarnation} is
     * the current one and the store is at {@code version}.
     *
     * @param identity the identity
     * @param incarnation the writer's incarnation
     * @param version the version the writer last read or wrote, which the write keeps
     * @param seq the last handled cast's sequence number, 1 or more
     */
    public static DurableWrite castsHandled(String identity, long incarnation, long version, long seq) {
        return new DurableWrite(identity, incarnation, version, version, List.of(), 0, null, 0, 0, seq);
    }

    /**
     * {@return the same write, also deleting the durable casts through {@code seq}, whose effect it stores}
     *
     * @param seq the last handled cast's sequence number
     */
    public DurableWrite handlingCastsThrough(long seq) {
        return new DurableWrite(
                identity,
                incarnation,
                expectedVersion,
                newVersion,
                events,
                eventSchemaVersion,
                snapshot,
                snapshotSchemaVersion,
                deleteEventsThrough,
                seq);
    }
}
