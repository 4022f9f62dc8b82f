package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import io.otp4j.testing.Garbage;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A dead process holds nothing: a pid kept after the exit does not keep what the process ran reachable. */
class DeadProcessTest {

    /** State a process holds; big enough that keeping it by mistake matters. */
    static final class State {
        final byte[] payload = new byte[1 << 20];
    }

    @Test
    void aPidKeptAfterTheExitDoesNotKeepTheBodysStateReachable() {
        try (Node node = Node.start("dead")) {
            List<Pid> kept = new ArrayList<>();
            WeakReference<State> state = spawnHolding(node, kept);
            io.otp4j.testing.Within.eventually("the process has exited", () -> node.processCount() == 0);
            assertThat(Garbage.collected(state))
                    .as("the body's state is unreachable while the pid is kept")
                    .isTrue();
            assertThat(kept.get(0)).isNotNull();
        }
    }

    @Test
    void aPidKeptAfterTheExitDoesNotKeepTheExtensionOrUnhandledMessagesReachable() {
        try (Node node = Node.start("dead")) {
            State state = new State();
            WeakReference<State> ref = new WeakReference<>(state);
            ProcessExtension extension = new Holder(state);
            state = null;
            Pid pid =
                    Engine.get().spawn(node, SpawnOptions.defaults(), extension, self -> self.receive("stop"::equals));
            extension = null;
            node.send(pid, new State()); // left unhandled in the mailbox
            node.send(pid, "stop");
            io.otp4j.testing.Within.eventually("the process has exited", () -> node.processCount() == 0);
            assertThat(Garbage.collected(ref)).as("the extension's state").isTrue();
            assertThat(pid.process).as("the pid still names its (dead) process").isNotNull();
        }
    }

    record Holder(Object state) implements ProcessExtension {}

    /** Spawns a process whose body holds a {@link State}, keeps its pid, and lets the body end. */
    private static WeakReference<State> spawnHolding(Node node, List<Pid> kept) {
        State state = new State();
        Pid pid = node.spawn(self -> {
            if (state.payload.length == 0) {
                throw new AssertionError("never");
            }
        });
        kept.add(pid);
        return new WeakReference<>(state);
    }
}
