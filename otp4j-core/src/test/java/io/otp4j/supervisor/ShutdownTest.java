package io.otp4j.supervisor;

import static io.otp4j.supervisor.SupervisorTest.await;
import static io.otp4j.supervisor.SupervisorTest.pidOf;
import static io.otp4j.supervisor.SupervisorTest.watch;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** How a supervisor stops a child: brutal kill, a timeout, infinity; shutdown errors; node shutdown. */
class ShutdownTest extends TreeTest {

    /** A child that traps exits and answers an exit signal as {@code onExit} says. */
    private ChildSpec stubborn(String id, java.util.function.Consumer<io.otp4j.process.ProcessContext> onExit) {
        return ChildSpec.of(
                id,
                s -> StartResult.ok(s.spawnLink(self -> {
                    self.trapExits(true);
                    events.add("start " + id);
                    Exit exit = self.receive(Exit.class);
                    events.add(id + " got " + exit.reason());
                    onExit.accept(self);
                })));
    }

    @Test
    void brutalKillGivesTheChildNoChanceToCleanUp() throws Exception {
        ChildSpec spec = Worker.spec("a", events).withShutdown(Shutdown.brutalKill());
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(spec));
        events.expect("start a");
        CompletableFuture<Down> down = watch(node, pidOf(sup, "a"));
        sup.terminateChild("a");
        assertThat(await(down).reason()).isEqualTo(ExitReason.killed());
        events.expectNone(); // no terminate ran
        assertThat(log.about("io.otp4j.supervisor", "shutdown error")).isEmpty();
    }

    @Test
    void aTimeoutLetsTheChildCleanUpAndKillsItWhenItIsTooSlow() throws Exception {
        ChildSpec polite = Worker.spec("a", events).withShutdown(Shutdown.timeout(Duration.ofSeconds(1)));
        ChildSpec slow = stubborn("s", self -> self.receive()).withShutdown(Shutdown.timeout(Duration.ofSeconds(1)));
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(polite, slow));
        events.expect("start a", "start s");
        sup.terminateChild("a");
        events.expect("stop a"); // terminate ran
        CompletableFuture<Down> down = watch(node, pidOf(sup, "s"));
        CompletableFuture<Void> terminated = CompletableFuture.runAsync(() -> sup.terminateChild("s"));
        events.expect("s got shutdown");
        Events.eventually("the supervisor waits on the clock", () -> clock.pending() > 0);
        assertThat(terminated).isNotDone();
        clock.advance(Duration.ofSeconds(1));
        terminated.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(await(down).reason()).isEqualTo(ExitReason.killed());
        assertThat(log.about("io.otp4j.supervisor", "shutdown error"))
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).contains("id=s").contains("reason: killed"));
    }

    @Test
    void infinityWaitsAsLongAsTheChildTakes() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        ChildSpec slow = stubborn("s", self -> {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        throw new IllegalStateException(e);
                    }
                    self.exit(ExitReason.shutdown());
                })
                .withShutdown(Shutdown.infinity());
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(slow));
        events.expect("start s");
        CompletableFuture<Void> terminated = CompletableFuture.runAsync(() -> sup.terminateChild("s"));
        events.expect("s got shutdown");
        clock.advance(Duration.ofDays(1));
        assertThat(terminated).isNotDone();
        release.countDown();
        terminated.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(sup.whichChildren())
                .singleElement()
                .extracting(ChildInfo::status)
                .isEqualTo(ChildStatus.NOT_RUNNING);
        assertThat(log.about("io.otp4j.supervisor", "shutdown error")).isEmpty();
    }

    @Test
    void aChildThatExitsWithAnotherReasonOnShutdownIsReported() {
        ChildSpec odd = stubborn("o", self -> self.exit(ExitReason.custom("disk full")));
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(odd));
        events.expect("start o");
        sup.terminateChild("o");
        events.expect("o got shutdown");
        assertThat(log.about("io.otp4j.supervisor", "shutdown error"))
                .singleElement()
                .satisfies(r -> assertThat(r.getMessage()).contains("id=o").contains("reason: disk full"));
    }

    @Test
    void closingTheNodeStopsTheTreeTopDownInOrderBeforeAnyOtherProcess() throws Exception {
        List<String> stopped = java.util.Collections.synchronizedList(new ArrayList<>());
        List<ChildSpec> children = new ArrayList<>();
        for (String id : List.of("a", "b", "c")) {
            children.add(ChildSpec.of(
                    id,
                    s -> StartResult.ok(s.spawnLink(
                            io.otp4j.process.SpawnOptions.defaults()
                                    .withName(id)
                                    .withTrapExits(true),
                            self -> {
                                self.receive(Exit.class);
                                // What is still registered when this child stops: its later siblings must be gone.
                                stopped.add(id + " sees " + new java.util.TreeSet<>(node.registered()));
                            }))));
        }
        ChildSpec inner = ChildSpec.supervisor(
                "inner",
                SupervisorFlags.oneForOne(),
                children,
                StartOptions.defaults().withName("inner"));
        Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(inner),
                StartOptions.defaults().withName("top"));
        // A process outside the tree, trapping exits: it is told to stop only after the tree is gone.
        CompletableFuture<String> bystander = new CompletableFuture<>();
        CountDownLatch trapping = new CountDownLatch(1);
        node.spawn(self -> {
            self.trapExits(true);
            trapping.countDown();
            self.receive(Exit.class);
            bystander.complete(new java.util.TreeSet<>(node.registered()).toString());
        });
        assertThat(trapping.await(Events.WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
        int before = node.processCount();
        assertThat(before).isEqualTo(6);
        node.close(Duration.ofSeconds(5));
        assertThat(stopped)
                .containsExactly("c sees [a, b, c, inner, top]", "b sees [a, b, inner, top]", "a sees [a, inner, top]");
        assertThat(bystander.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("[]");
        assertThat(node.processCount()).isZero();
    }

    @Test
    void aSupervisorKilledOutrightTakesItsChildrenWithIt() throws Exception {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(Worker.spec("a", events)));
        events.expect("start a");
        Pid a = pidOf(sup, "a");
        CompletableFuture<Down> down = watch(node, a);
        node.exit(sup.pid(), ExitReason.kill());
        // The link carries killed to the child, which traps exits: its parent's Exit stops it, terminate runs.
        assertThat(await(down).reason()).isEqualTo(ExitReason.killed());
        events.expect("stop a");
    }
}
