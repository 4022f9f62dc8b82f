package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A reference that follows a name registered on a node (Erlang's {@code gen_server:call(Name, Request)}): each
 * request reaches whoever holds the name at that moment, so it survives restarts, and a request while nobody holds
 * it fails at once (noproc).
 */
class NamedReferenceTest {

    @Test
    void aCallByNameReachesTheServerRestartedUnderTheName() {
        try (Node node = Node.start("named-restart")) {
            Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker(
                            "box", Box::new, StartOptions.defaults().withName("box"))));
            GenServerRef<Box.Req<?>, Box.Msg> byName = GenServerRef.named(node, "box", Box.TYPE);
            GenServerRef<Box.Req<?>, Box.Msg> bound =
                    GenServerRef.whereis(node, "box", Box.TYPE).orElseThrow();
            byName.cast(new Box.Add(5));
            assertThat(byName.call(new Box.Get())).isEqualTo(5);
            Pid first = byName.pid();
            assertThat(first).isEqualTo(bound.pid());

            CompletableFuture<Down> down = Within.watch(node, first);
            node.exit(first, ExitReason.kill());
            Within.get(down);
            Within.eventually(
                    "the supervisor restarted the server under its name",
                    () -> node.whereis("box").filter(pid -> !pid.equals(first)).isPresent());

            assertThat(byName.call(new Box.Get())).as("a fresh server").isZero();
            assertThat(byName.pid()).isNotEqualTo(first);
            assertThat(byName.isAlive()).isTrue();
            // A reference bound to the first server does not follow the name: that server is gone.
            assertThatThrownBy(() -> bound.call(new Box.Get()))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            byName.stop(ExitReason.shutdown("by name"), Within.WAIT);
        }
    }

    @Test
    void aRequestByNameWhileNobodyHoldsItFailsAtOnce() {
        try (Node node = Node.start("named-nobody")) {
            GenServerRef<Box.Req<?>, Box.Msg> byName = GenServerRef.named(node, "box", Box.TYPE);
            long start = System.nanoTime();

            assertThatThrownBy(() -> byName.call(new Box.Get(), Duration.ofSeconds(30)))
                    .isInstanceOfSatisfying(
                            ServerNotFoundException.class,
                            e -> assertThat(e.name().toString())
                                    .contains("\"box\"")
                                    .contains("named-nobody"));
            assertThatThrownBy(() -> byName.sendRequest(new Box.Get())).isInstanceOf(ServerNotFoundException.class);
            assertThatThrownBy(() -> byName.stop()).isInstanceOf(ServerNotFoundException.class);
            assertThatThrownBy(byName::pid).isInstanceOf(ServerNotFoundException.class);
            byName.cast(new Box.Add(1)); // dropped, as a cast to a server that is not alive
            assertThat(byName.isAlive()).isFalse();
            assertThat(Within.since(start)).isLessThan(Within.WAIT);

            // A process that is no server of the type, holding the name, is nobody for the reference.
            Pid plain = node.spawn(self -> self.receive());
            node.register("box", plain);
            assertThatThrownBy(() -> byName.call(new Box.Get()))
                    .isInstanceOf(ServerNotFoundException.class)
                    .hasMessageContaining(plain.toString());
            node.unregister("box");

            // Once a server holds it, the same reference reaches it.
            GenServer.start(node, new Box(), StartOptions.defaults().withName("box"));
            assertThat(byName.call(new Box.Get())).isZero();
        }
    }

    @Test
    void referencesByNameAreEqualWhenTheyFollowTheSameNameOnTheSameNode() {
        try (Node node = Node.start("named-equal");
                Node other = Node.start("named-other")) {
            GenServerRef<Box.Req<?>, Box.Msg> byName = GenServerRef.named(node, "box", Box.TYPE);
            assertThat(byName)
                    .isEqualTo(GenServerRef.named(node, "box", Box.TYPE))
                    .hasSameHashCodeAs(GenServerRef.named(node, "box", Box.TYPE))
                    .isNotEqualTo(GenServerRef.named(node, "other", Box.TYPE))
                    .isNotEqualTo(GenServerRef.named(other, "box", Box.TYPE));
            assertThat(byName.toString()).contains("box").contains("named-equal");
        }
    }
}
