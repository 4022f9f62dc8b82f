package io.otp4j.persistence;

import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

/**
 * A store in front of a real one that fails the next write on demand: before it reaches the store, or after the
 * store committed it (the server then crashes between the commit and the reply).
 */
final class FaultyStore implements DurableStore {

    enum Fault {
        NONE,
        BEFORE_COMMIT,
        AFTER_COMMIT
    }

    /** What the injected fault throws. */
    static final class InjectedFault extends RuntimeException {
        private static final long serialVersionUID = 1L;

        InjectedFault(String message) {
            super(message);
        }
    }

    private final DurableStore store;
    private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);

    FaultyStore(DurableStore store) {
        this.store = store;
    }

    /** Makes the next write fail with {@code fault}, once. */
    void failNextWrite(Fault fault) {
        next.set(fault);
    }

    @Override
    public StoredRecord claim(String identity) {
        return store.claim(identity);
    }

    @Override
    public void write(DurableWrite write) {
        Fault fault = next.getAndSet(Fault.NONE);
        if (fault == Fault.BEFORE_COMMIT) {
            throw new InjectedFault("injected crash before the commit of version " + write.newVersion());
        }
        store.write(write);
        if (fault == Fault.AFTER_COMMIT) {
            throw new InjectedFault("injected crash after the commit of version " + write.newVersion());
        }
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
        return "faulty " + store.name();
    }

    @Override
    public void close() {
        store.close();
    }
}
