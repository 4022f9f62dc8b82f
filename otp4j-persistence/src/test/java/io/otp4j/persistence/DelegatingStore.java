package io.otp4j.persistence;

import java.util.function.Consumer;

/**
 * A store in front of a real one that passes everything on, implementing only what a store must: a write handed
 * over without waiting goes through {@link DurableStore}'s default, which writes on the calling thread. Tests extend
 * it to change one part.
 */
class DelegatingStore implements DurableStore {

    final DurableStore store;

    DelegatingStore(DurableStore store) {
        this.store = store;
    }

    @Override
    public StoredRecord claim(String identity) {
        return store.claim(identity);
    }

    @Override
    public void write(DurableWrite write) {
        store.write(write);
    }

    @Override
    public void replay(String identity, long after, Consumer<StoredEvent> each) {
        store.replay(identity, after, each);
    }

    @Override
    public long enqueueCast(String identity, byte[] payload, int schemaVersion) {
        return store.enqueueCast(identity, payload, schemaVersion);
    }

    @Override
    public void pendingCasts(String identity, long after, Consumer<StoredEvent> each) {
        store.pendingCasts(identity, after, each);
    }

    @Override
    public String name() {
        return "delegating to " + store.name();
    }

    @Override
    public void close() {
        store.close();
    }
}
