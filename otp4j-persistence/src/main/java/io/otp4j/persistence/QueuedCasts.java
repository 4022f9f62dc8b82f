package io.otp4j.persistence;

import java.util.ArrayList;
import java.util.List;

/**
 * The durable casts queued for one identity, as a durable server of either style reads them: all of them, in
 * order, each decoded when its turn comes (so the casts before a corrupt one are handled and stored first).
 *
 * @param <K> the casts
 */
final class QueuedCasts<K> {

    private final DurableStore store;
    private final String identity;
    private final Schema<K> schema;

    QueuedCasts(DurableStore store, String identity, Schema<K> schema) {
        this.store = store;
        this.identity = identity;
        this.schema = schema;
    }

    /** {@return the casts queued now, in order} */
    List<StoredEvent> pending() {
        List<StoredEvent> queued = new ArrayList<>();
        store.pendingCasts(identity, 0, queued::add);
        return queued;
    }

    /** {@return the request {@code cast} holds, upcast to the current schema version} */
    K decode(StoredEvent cast) {
        return schema.decode(
                cast.schemaVersion(),
                cast.payload(),
                () -> "durable cast " + cast.sequence() + " to '" + identity + "'");
    }
}
