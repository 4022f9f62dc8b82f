package io.otp4j.persistence;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A store in front of a real one that fails the next write on demand: before it reaches the store, or after the
 * store committed it (the server then crashes between the commit and the reply). Writes handed over without waiting
 * ({@link #write(DurableWrite, Consumer)}) reach the real store the same way, and can be held before they do.
 */
final class FaultyStore extends DelegatingStore {

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

    private final AtomicReference<Fault> next = new AtomicReference<>(Fault.NONE);
    /** Writes handed over while held, with whom to tell, in order; null while writes pass. Guarded by this. */
    private @Nullable List<Runnable> held;

    FaultyStore(DurableStore store) {
        super(store);
    }

    /** Makes the next write fail with {@code fault}, once. */
    void failNextWrite(Fault fault) {
        next.set(fault);
    }

    @Override
    public void write(DurableWrite write) {
        Fault fault = next.getAndSet(Fault.NONE);
        if (fault == Fault.BEFORE_COMMIT) {
            throw injected("before", write);
        }
        store.write(write);
        if (fault == Fault.AFTER_COMMIT) {
            throw injected("after", write);
        }
    }

    @Override
    public void write(DurableWrite write, Consumer<@Nullable RuntimeException> whenDone) {
        Runnable pass = () -> {
            Fault fault = next.getAndSet(Fault.NONE);
            if (fault == Fault.BEFORE_COMMIT) {
                whenDone.accept(injected("before", write));
                return;
            }
            store.write(
                    write,
                    failed -> whenDone.accept(
                            failed == null && fault == Fault.AFTER_COMMIT ? injected("after", write) : failed));
        };
        synchronized (this) {
            if (held != null) {
                held.add(pass);
                return;
            }
        }
        pass.run();
    }

    /** Holds the writes handed over from now on, until {@link #release}. */
    synchronized void hold() {
        if (held == null) {
            held = new ArrayList<>();
        }
    }

    /** {@return how many writes are held} */
    synchronized int heldWrites() {
        return held == null ? 0 : held.size();
    }

    /** Hands the held writes to the real store, in order, and lets the next ones pass. */
    void release() {
        List<Runnable> writes;
        synchronized (this) {
            writes = held == null ? List.of() : held;
            held = null;
        }
        writes.forEach(Runnable::run);
    }

    @Override
    public String name() {
        return "faulty " + store.name();
    }

    private static InjectedFault injected(String when, DurableWrite write) {
        return new InjectedFault("injected crash " + when + " the commit of version " + write.newVersion());
    }
}
