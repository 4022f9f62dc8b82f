package io.otp4j.cluster;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Sys;
import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * A running GenServer's state moved by its {@link Handoff}: taken out of one server, which is then stopped, and
 * given to another running server. The server's class decides: one that implements {@code Handoff} gives and
 * takes a state, any other gives none and takes nothing. Both run on the server's own thread ({@link
 * Sys#replaceServerState}), so the caller waits on the server: never call them from a process the server may be
 * waiting on. Used by the distributed supervisor (a child that moves) and the cluster registry (a conflict's loser
 * handing its state to the winner).
 */
final class Handoffs {

    private Handoffs() {}

    /**
     * Takes the state out of {@code pid}, a server of this node: if its class implements {@link Handoff}, it is
     * suspended first (requests queue in its mailbox, for whoever stops it) and gives {@link Handoff#handOff} of
     * its last state. {@return what it gave}, or empty if {@code pid} is no live server here or does not hand off
     *
     * @throws RuntimeException if it ended meanwhile, or its {@code handOff} failed
     */
    static Optional<Object> takeOut(Pid pid) {
        Optional<GenServerRef<?, ?>> found = GenServerRef.of(pid);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        GenServerRef<?, ?> ref = found.get();
        if (!handsOff(ref)) {
            return Optional.empty();
        }
        Sys.suspend(ref);
        AtomicReference<@Nullable Object> out = new AtomicReference<>();
        Sys.replaceServerState(ref, (GenServer<Object, ?, ?> server, Object state) -> {
            if (server instanceof Handoff<?> handoff) {
                out.set(Objects.requireNonNull(handOff(handoff, state), "handOff's result"));
            }
            return state;
        });
        return Optional.ofNullable(out.get());
    }

    /**
     * Gives {@code handedOff} to the running server {@code ref} of this node: its state becomes {@link
     * Handoff#takeOver} of its current one. {@return whether it took it}: false if its class does not implement
     * {@code Handoff}
     *
     * @throws RuntimeException if it ended meanwhile, or its {@code takeOver} failed
     */
    static boolean putIn(GenServerRef<?, ?> ref, Object handedOff) {
        AtomicBoolean taken = new AtomicBoolean();
        Sys.replaceServerState(ref, (GenServer<Object, ?, ?> server, Object state) -> {
            if (server instanceof Handoff<?> handoff) {
                taken.set(true);
                return Objects.requireNonNull(takeOver(handoff, state, handedOff), "takeOver's result");
            }
            return state;
        });
        return taken.get();
    }

    private static boolean handsOff(GenServerRef<?, ?> ref) {
        AtomicBoolean handsOff = new AtomicBoolean();
        Sys.replaceServerState(ref, (GenServer<Object, ?, ?> server, Object state) -> {
            handsOff.set(server instanceof Handoff<?>);
            return state;
        });
        return handsOff.get();
    }

    @SuppressWarnings("unchecked") // a Handoff is implemented by the server class, over the server's own state
    private static <S> Object handOff(Handoff<S> handoff, Object state) {
        return handoff.handOff((S) state);
    }

    @SuppressWarnings("unchecked") // as above
    private static <S> S takeOver(Handoff<S> handoff, Object fresh, Object handedOff) {
        return handoff.takeOver((S) fresh, handedOff);
    }
}
