package io.otp4j.persistence;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a store holds of an identity, as {@link DurableStore#claim} returns it.
 *
 * @param identity the identity
 * @param incarnation the current incarnation: the one that claimed last
 * @param version the count of state writes, or the sequence number of the last event
 * @param snapshotVersion the version the snapshot was taken at (0 with no snapshot)
 * @param schemaVersion the schema version of the snapshot (0 with no snapshot)
 * @param snapshot the snapshot's bytes, or {@code null} with none
 */
public record StoredRecord(
        String identity,
        long incarnation,
        long version,
        long snapshotVersion,
        int schemaVersion,
        byte @Nullable [] snapshot) {

    /** Checks the fields. */
    public StoredRecord {
        Objects.requireNonNull(identity, "identity");
        if (incarnation < 1 || version < 0 || snapshotVersion < 0 || snapshotVersion > version) {
            throw new CorruptRecordException("the record of '" + identity + "' is inconsistent: incarnation "
                    + incarnation + ", version " + version + ", snapshot at " + snapshotVersion);
        }
    }
}
