package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/** Registered names: unique per node, gone with their process. */
class NameTest {

    @Test
    void registerWhereisUnregister() {
        try (Node node = Node.start("names")) {
            Probe probe = Probe.spawn(node);
            assertThat(node.whereis("server")).isEmpty();

            node.register("server", probe.pid());

            assertThat(node.whereis("server")).contains(probe.pid());
            assertThat(node.registered()).containsExactly("server");
            assertThat(node.info(probe.pid()).orElseThrow().names()).containsExactly("server");
            assertThat(node.send("server", "hello")).isEqualTo(Delivery.ACCEPTED);
            assertThat(probe.next()).isEqualTo("hello");

            assertThat(node.unregister("server")).isTrue();
            assertThat(node.unregister("server")).isFalse();
            assertThat(node.whereis("server")).isEmpty();
            assertThat(node.registered()).isEmpty();
            assertThat(node.info(probe.pid()).orElseThrow().names()).isEmpty();
        }
    }

    @Test
    void aProcessRegistersItselfAndMayHoldSeveralNames() {
        try (Node node = Node.start("names-self")) {
            Probe probe = Probe.spawn(node);
            probe.call(self -> {
                self.register("first");
                self.register("second");
                return null;
            });
            assertThat(node.whereis("first")).contains(probe.pid());
            assertThat(node.whereis("second")).contains(probe.pid());
            assertThat(node.info(probe.pid()).orElseThrow().names()).containsExactlyInAnyOrder("first", "second");
        }
    }

    @Test
    void aTakenNameThrowsNamingTheHolder() {
        try (Node node = Node.start("names-taken")) {
            Probe holder = Probe.spawn(node);
            Probe other = Probe.spawn(node);
            node.register("unique", holder.pid());

            assertThatThrownBy(() -> node.register("unique", other.pid()))
                    .isInstanceOfSatisfying(NameTakenException.class, e -> {
                        assertThat(e.holder()).isEqualTo(holder.pid());
                        assertThat(e.name()).isEqualTo("unique");
                    })
                    .hasMessageContaining("unique")
                    .hasMessageContaining(holder.pid().toString());
            assertThat(node.whereis("unique")).contains(holder.pid());
            assertThat(node.info(other.pid()).orElseThrow().names()).isEmpty();
        }
    }

    @Test
    void registeringANameTheProcessAlreadyHoldsIsAnErrorAsInErlang() {
        try (Node node = Node.start("names-twice")) {
            Probe holder = Probe.spawn(node);
            node.register("once", holder.pid());
            assertThatThrownBy(() -> node.register("once", holder.pid()))
                    .isInstanceOfSatisfying(
                            NameTakenException.class,
                            e -> assertThat(e.holder()).isEqualTo(holder.pid()));
            assertThat(node.info(holder.pid()).orElseThrow().names()).containsExactly("once");
        }
    }

    @Test
    void blankNamesAreRejected() {
        try (Node node = Node.start("names-blank")) {
            Probe probe = Probe.spawn(node);
            for (String blank : new String[] {"", " ", "\t\n"}) {
                assertThatThrownBy(() -> node.register(blank, probe.pid()))
                        .isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining("blank");
                assertThatThrownBy(() -> SpawnOptions.defaults().withName(blank))
                        .isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(node.registered()).isEmpty();
        }
    }

    @Test
    void aNameGoesAwayWhenItsProcessExits() {
        try (Node node = Node.start("names-exit")) {
            Probe watcher = Probe.spawn(node);
            Pid holder = node.spawn(self -> self.receive());
            node.register("temporary", holder);
            MonitorRef ref = watcher.monitor(holder);

            node.exit(holder, ExitReason.custom("gone"));

            watcher.nextDown(ref);
            // As in Erlang, the name is released before the exit is announced to monitors.
            assertThat(node.whereis("temporary")).isEmpty();
            assertThat(node.registered()).doesNotContain("temporary");
            // And is free for another process.
            Probe successor = Probe.spawn(node);
            node.register("temporary", successor.pid());
            assertThat(node.whereis("temporary")).contains(successor.pid());
        }
    }

    @Test
    void sendingToANameNoOneHoldsThrows() {
        try (Node node = Node.start("names-send")) {
            assertThatThrownBy(() -> node.send("nobody", "hello"))
                    .isInstanceOfSatisfying(
                            NameNotRegisteredException.class,
                            e -> assertThat(e.name()).isEqualTo("nobody"))
                    .hasMessageContaining("nobody");
            Probe probe = Probe.spawn(node);
            assertThatThrownBy(() -> probe.call(self -> self.send("nobody", "hello")))
                    .isInstanceOf(NameNotRegisteredException.class);
        }
    }

    @Test
    void registeringADeadProcessThrowsNoProc() {
        try (Node node = Node.start("names-dead")) {
            Probe watcher = Probe.spawn(node);
            Pid dead = node.spawn(self -> {});
            watcher.awaitExit(dead);
            assertThatThrownBy(() -> node.register("late", dead))
                    .isInstanceOfSatisfying(
                            NoProcException.class, e -> assertThat(e.pid()).isEqualTo(dead));
            assertThat(node.whereis("late")).isEmpty();
        }
    }

    @Test
    void spawnWithANameRegistersItBeforeTheBodyRuns() {
        try (Node node = Node.start("names-spawn")) {
            CompletableFuture<Object> seenByBody = new CompletableFuture<>();
            Pid pid = node.spawn(SpawnOptions.defaults().withName("worker"), self -> {
                seenByBody.complete(self.node().whereis("worker").orElseThrow());
                self.receive();
            });
            assertThat(Probe.get(seenByBody)).isEqualTo(pid);
            assertThat(node.whereis("worker")).contains(pid);
        }
    }

    @Test
    void spawnWithATakenNameStartsNoProcess() {
        try (Node node = Node.start("names-spawn-taken")) {
            Probe holder = Probe.spawn(node);
            node.register("taken", holder.pid());
            int before = node.processCount();
            AtomicBoolean ran = new AtomicBoolean();

            assertThatThrownBy(() -> node.spawn(SpawnOptions.defaults().withName("taken"), self -> ran.set(true)))
                    .isInstanceOfSatisfying(
                            NameTakenException.class,
                            e -> assertThat(e.holder()).isEqualTo(holder.pid()));

            assertThat(node.processCount()).isEqualTo(before);
            assertThat(node.processes()).containsExactly(holder.pid());
            assertThat(node.whereis("taken")).contains(holder.pid());
            assertThat(ran).isFalse();
        }
    }
}
