package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.spi.Engine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The seam a cluster plugs into: a pid of another node is used exactly like a local one, and everything aimed at
 * it goes through the node's route. Two nodes in one JVM, joined by {@link LoopbackRoute}, which rebuilds every pid
 * on the far side as a transport would.
 */
class RemoteRouteTest {

    private static final Engine ENGINE = Engine.get();

    private final Node a = Node.start("a");
    private final Node b = Node.start("b");
    private final LoopbackRoute[] routes = LoopbackRoute.connect(a, b);

    @AfterEach
    void closeBoth() {
        a.close();
        b.close();
    }

    /** {@return {@code pid} as {@code from} sees it: a pid of another node, with no process behind it} */
    private static Pid seenFrom(Node from, Pid pid) {
        return ENGINE.pid(from, pid.node(), ENGINE.creation(pid), pid.id());
    }

    @Test
    void aMessageToAPidOfAnotherNodeArrivesAndManyArriveInOrder() {
        Probe there = Probe.spawn(b);
        Pid remote = seenFrom(a, there.pid());
        assertThat(a.isAlive(remote))
                .as("a pid of another node is not a local process")
                .isFalse();
        for (int i = 0; i < 100; i++) {
            assertThat(a.send(remote, i)).isEqualTo(Delivery.ACCEPTED);
        }
        List<Object> got = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            got.add(there.next());
        }
        assertThat(got)
                .containsExactlyElementsOf(
                        java.util.stream.IntStream.range(0, 100).boxed().toList());
    }

    @Test
    void aMonitorOfARemoteProcessDeliversItsExitReason() {
        Probe there = Probe.spawn(b);
        Probe here = Probe.spawn(a);
        Pid remote = seenFrom(a, there.pid());
        MonitorRef ref = here.monitor(remote);
        b.exit(there.pid(), ExitReason.custom("bye"));
        Down down = here.nextDown(ref);
        assertThat(down.pid()).isEqualTo(remote);
        assertThat(down.reason()).isEqualTo(ExitReason.custom("bye"));
    }

    @Test
    void aMonitorOfADeadRemoteProcessFiresNoproc() {
        Probe there = Probe.spawn(b);
        Pid remote = seenFrom(a, there.pid());
        // Not alive as soon as the kill reaches it, but dead only once its exit has run, which its monitors'
        // Down follows: a monitor that arrives in between still sees the process exiting, and its reason.
        Probe witness = Probe.spawn(b);
        MonitorRef watched = witness.monitor(there.pid());
        b.exit(there.pid(), ExitReason.kill());
        assertThat(witness.nextDown(watched).reason()).isEqualTo(ExitReason.killed());
        Probe here = Probe.spawn(a);
        MonitorRef ref = here.monitor(remote);
        assertThat(here.nextDown(ref).reason()).isEqualTo(ExitReason.noproc());
    }

    @Test
    void aDemonitoredRemoteProcessSendsNoDown() {
        Probe there = Probe.spawn(b);
        Probe here = Probe.spawn(a);
        Pid remote = seenFrom(a, there.pid());
        MonitorRef ref = here.monitor(remote);
        assertThat(here.<Boolean>call(self -> self.demonitor(ref))).isTrue();
        assertThat(b.info(there.pid()).orElseThrow().monitoredBy()).isEmpty();
        b.exit(there.pid(), ExitReason.kill());
        here.call(self -> self.send(self.self(), "marker"));
        assertThat(here.next()).isEqualTo("marker");
    }

    @Test
    void aLinkedRemoteExitReachesATrappingProcessAndTheLinkIsOnBothSides() {
        Probe there = Probe.spawn(b);
        Probe here = Probe.spawn(a, SpawnOptions.defaults().withTrapExits(true));
        Pid remote = seenFrom(a, there.pid());
        here.call(self -> {
            self.link(remote);
            return null;
        });
        assertThat(b.info(there.pid()).orElseThrow().links()).containsExactly(seenFrom(b, here.pid()));
        assertThat(a.info(here.pid()).orElseThrow().links()).containsExactly(remote);
        b.exit(there.pid(), ExitReason.custom("crashed"));
        Exit exit = here.next(Exit.class);
        assertThat(exit.from()).isEqualTo(remote);
        assertThat(exit.reason()).isEqualTo(ExitReason.custom("crashed"));
        assertThat(a.info(here.pid()).orElseThrow().links()).isEmpty();
    }

    @Test
    void aLocalExitReachesALinkedRemoteProcess() {
        Probe there = Probe.spawn(b, SpawnOptions.defaults().withTrapExits(true));
        Probe here = Probe.spawn(a);
        here.call(self -> {
            self.link(seenFrom(a, there.pid()));
            return null;
        });
        a.exit(here.pid(), ExitReason.custom("gone"));
        Exit exit = there.next(Exit.class);
        assertThat(exit.from()).isEqualTo(seenFrom(b, here.pid()));
        assertThat(exit.reason()).isEqualTo(ExitReason.custom("gone"));
    }

    @Test
    void anExitSignalToARemotePidReachesIt() {
        Probe there = Probe.spawn(b, SpawnOptions.defaults().withTrapExits(true));
        a.exit(seenFrom(a, there.pid()), ExitReason.custom("stop"));
        Exit exit = there.next(Exit.class);
        assertThat(exit.from()).isEqualTo(seenFrom(b, a.pid()));
        assertThat(exit.reason()).isEqualTo(ExitReason.custom("stop"));
    }

    @Test
    void aLostNodeFiresNoconnectionOnEveryLinkAndMonitorToIt() {
        Probe one = Probe.spawn(b);
        Probe two = Probe.spawn(b);
        Probe here = Probe.spawn(a, SpawnOptions.defaults().withTrapExits(true));
        MonitorRef ref = here.monitor(seenFrom(a, one.pid()));
        here.call(self -> {
            self.link(seenFrom(a, two.pid()));
            return null;
        });
        routes[0].cut();
        ENGINE.nodeDown(a, "b");
        List<Object> got = List.of(here.next(), here.next());
        assertThat(got)
                .containsExactlyInAnyOrder(
                        new Down(ref, seenFrom(a, one.pid()), ExitReason.noconnection()),
                        new Exit(seenFrom(a, two.pid()), ExitReason.noconnection()));
        assertThat(a.info(here.pid()).orElseThrow().links()).isEmpty();
        assertThat(a.info(here.pid()).orElseThrow().monitors()).isEmpty();
    }

    @Test
    void withoutARouteAnotherNodeIsNotConnected() {
        ENGINE.unroute(a);
        ENGINE.unroute(b);
        Probe there = Probe.spawn(b);
        Pid remote = seenFrom(a, there.pid());
        assertThat(a.send(remote, "lost")).isEqualTo(Delivery.NO_PROCESS);
        Probe here = Probe.spawn(a, SpawnOptions.defaults().withTrapExits(true));
        MonitorRef ref = here.monitor(remote);
        assertThat(here.nextDown(ref).reason()).isEqualTo(ExitReason.noconnection());
        here.call(self -> {
            self.link(remote);
            return null;
        });
        assertThat(here.next(Exit.class)).isEqualTo(new Exit(remote, ExitReason.noconnection()));
    }

    @Test
    void aPidOfAnEarlierLifeOfThisNodeIsDead() {
        Probe here = Probe.spawn(a);
        Pid earlier = ENGINE.pid(a, "a", ENGINE.creation(a) + 1, here.pid().id());
        assertThat(earlier).isNotEqualTo(here.pid());
        assertThat(a.send(earlier, "lost")).isEqualTo(Delivery.NO_PROCESS);
        MonitorRef ref = here.monitor(earlier);
        assertThat(here.nextDown(ref).reason()).isEqualTo(ExitReason.noproc());
        assertThat(ENGINE.pid(a, "a", ENGINE.creation(a), here.pid().id()))
                .as("the live process's own pid, as decoded")
                .isSameAs(here.pid());
    }
}
