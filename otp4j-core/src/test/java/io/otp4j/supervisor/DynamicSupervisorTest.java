package io.otp4j.supervisor;

import static io.otp4j.supervisor.SupervisorTest.await;
import static io.otp4j.supervisor.SupervisorTest.watch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** DynamicSupervisor: children at run time, max children, intensity, shutdown all at once. */
class DynamicSupervisorTest extends TreeTest {

    private static Pid pid(StartResult started) {
        return ((StartResult.Ok) started).pid();
    }

    @Test
    void startsAndTerminatesChildrenAtRunTime() {
        DynamicSupervisor sup = DynamicSupervisor.start(node);
        Pid a = pid(sup.startChild(Worker.spec("w", events)));
        Pid b = pid(sup.startChild(Worker.spec("w", events))); // ids need not be unique
        events.expect("start w", "start w");
        assertThat(sup.whichChildren()).extracting(c -> c.pid().orElseThrow()).containsExactly(a, b);
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(2, 2, 0, 2));
        sup.terminateChild(a);
        events.expect("stop w");
        assertThat(node.isAlive(a)).isFalse();
        assertThat(sup.whichChildren()).extracting(c -> c.pid().orElseThrow()).containsExactly(b);
        assertThatThrownBy(() -> sup.terminateChild(a))
                .isInstanceOfSatisfying(
                        SupervisorException.class,
                        e -> assertThat(e.problem()).isEqualTo(SupervisorException.Problem.NOT_FOUND))
                .hasMessageContaining("no child " + a);
    }

    @Test
    void refusesChildrenBeyondItsMaximum() {
        DynamicSupervisor sup = DynamicSupervisor.start(node, SupervisorFlags.oneForOne(), 2);
        sup.startChild(Worker.spec("a", events));
        sup.startChild(Worker.spec("b", events));
        assertThatThrownBy(() -> sup.startChild(Worker.spec("c", events)))
                .isInstanceOfSatisfying(
                        SupervisorException.class,
                        e -> assertThat(e.problem()).isEqualTo(SupervisorException.Problem.MAX_CHILDREN))
                .hasMessageContaining("cannot start child c: it has its maximum of 2 children");
        events.expect("start a", "start b");
        sup.terminateChild(sup.whichChildren().get(0).pid().orElseThrow());
        sup.startChild(Worker.spec("c", events)); // room again
        events.expect("stop a", "start c");
    }

    @Test
    void restartsPermanentChildrenAndForgetsTheOthersWhenTheyExit() throws Exception {
        DynamicSupervisor sup = DynamicSupervisor.start(node);
        Pid permanent = pid(sup.startChild(Worker.spec("p", events)));
        Pid temporary = pid(sup.startChild(Worker.spec("t", events).withRestart(Restart.TEMPORARY)));
        events.expect("start p", "start t");
        CompletableFuture<Down> down = watch(node, temporary);
        node.exit(permanent, ExitReason.kill());
        events.expect("start p");
        node.exit(temporary, ExitReason.kill());
        await(down);
        List<ChildInfo> children = sup.whichChildren();
        assertThat(children).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("p");
            assertThat(c.pid().orElseThrow()).isNotEqualTo(permanent);
        });
    }

    @Test
    void pastItsIntensityItStopsEveryChildAndExitsWithShutdown() throws Exception {
        DynamicSupervisor sup =
                DynamicSupervisor.start(node, SupervisorFlags.oneForOne().withIntensity(1, Duration.ofSeconds(5)), 10);
        Pid a = pid(sup.startChild(Worker.spec("a", events)));
        sup.startChild(Worker.spec("b", events));
        events.expect("start a", "start b");
        CompletableFuture<Down> down = watch(node, sup.pid());
        node.exit(a, ExitReason.kill());
        events.expect("start a");
        node.exit(sup.whichChildren().get(0).pid().orElseThrow(), ExitReason.kill());
        assertThat(await(down).reason()).isEqualTo(ExitReason.shutdown());
        events.expect("stop b");
    }

    /** A child that traps exits and ignores its shutdown signal: only a kill at the end of {@code limit} stops it. */
    private ChildSpec stubborn(String id, Duration limit) {
        return ChildSpec.of(
                        id,
                        s -> StartResult.ok(s.spawnLink(self -> {
                            self.trapExits(true);
                            events.add("start " + id);
                            self.receive(Exit.class);
                            events.add(id + " ignores shutdown");
                            self.receive();
                        })))
                .withShutdown(Shutdown.timeout(limit));
    }

    @Test
    void shutdownSignalsAllChildrenAtOnceAndKillsTheOnesPastTheirLimit() throws Exception {
        DynamicSupervisor sup = DynamicSupervisor.start(node);
        List<Pid> polite =
                List.of(pid(sup.startChild(Worker.spec("a", events))), pid(sup.startChild(Worker.spec("b", events))));
        Pid s = pid(sup.startChild(stubborn("s", Duration.ofSeconds(3))));
        events.expect("start a", "start b", "start s");
        CompletableFuture<Down> stubbornDown = watch(node, s);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(sup::stop);
        // All three are signalled before any is waited for: the stubborn one hears it though the others are alive.
        List<String> signalled = List.of(events.next(), events.next(), events.next());
        assertThat(signalled).containsExactlyInAnyOrder("stop a", "stop b", "s ignores shutdown");
        Events.eventually("the supervisor waits on the clock", () -> clock.pending() > 0);
        assertThat(stopped).isNotDone();
        clock.advance(Duration.ofSeconds(3));
        stopped.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(await(stubbornDown).reason()).isEqualTo(ExitReason.killed());
        assertThat(polite).noneMatch(node::isAlive);
        assertThat(log.about("io.otp4j.supervisor", "shutdown error")).hasSize(1);
    }

    @Test
    void eachStubbornChildIsKilledWhenItsOwnLimitPasses() throws Exception {
        DynamicSupervisor sup = DynamicSupervisor.start(node);
        // A stubborn child's start event comes from its own process, which may first run after startChild returns.
        Pid late = pid(sup.startChild(stubborn("late", Duration.ofSeconds(6))));
        events.expect("start late");
        Pid early = pid(sup.startChild(stubborn("early", Duration.ofSeconds(2))));
        events.expect("start early");
        Pid polite = pid(sup.startChild(Worker.spec("a", events)));
        events.expect("start a");
        CompletableFuture<Down> lateDown = watch(node, late);
        CompletableFuture<Down> earlyDown = watch(node, early);
        CompletableFuture<Down> politeDown = watch(node, polite);
        CompletableFuture<Void> stopped = CompletableFuture.runAsync(sup::stop);
        assertThat(List.of(events.next(), events.next(), events.next()))
                .containsExactlyInAnyOrder("late ignores shutdown", "early ignores shutdown", "stop a");
        // Gone before the clock moves: its own limit (5 s) must not pass while its exit is still on its way.
        assertThat(await(politeDown).reason()).isEqualTo(ExitReason.shutdown());
        Events.eventually("the supervisor waits on the clock", () -> clock.pending() > 0);
        clock.advance(Duration.ofSeconds(2)); // the earlier limit, whichever child was signalled first
        assertThat(await(earlyDown).reason()).isEqualTo(ExitReason.killed());
        assertThat(lateDown).isNotDone();
        assertThat(stopped).isNotDone();
        Events.eventually("the supervisor waits on the clock again", () -> clock.pending() > 0);
        clock.advance(Duration.ofSeconds(4));
        assertThat(await(lateDown).reason()).isEqualTo(ExitReason.killed());
        stopped.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(log.about("io.otp4j.supervisor", "shutdown error")).hasSize(2);
    }

    @Test
    void runsUnderASupervisorAndIsFoundByName() {
        Supervisor top = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(DynamicSupervisor.childSpec(
                        "dyn",
                        SupervisorFlags.oneForOne(),
                        5,
                        StartOptions.defaults().withName("dyn"))));
        DynamicSupervisor dyn = DynamicSupervisor.whereis(node, "dyn").orElseThrow();
        assertThat(top.whichChildren()).singleElement().satisfies(c -> {
            assertThat(c.type()).isEqualTo(ChildType.SUPERVISOR);
            assertThat(c.pid()).contains(dyn.pid());
        });
        dyn.startChild(Worker.spec("w", events));
        events.expect("start w");
        top.stop();
        events.expect("stop w");
    }

    @Test
    void badInputIsRefused() {
        assertThatThrownBy(() -> DynamicSupervisor.start(node, SupervisorFlags.oneForAll(), 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("strategy is one_for_one, was ONE_FOR_ALL");
        assertThatThrownBy(() -> DynamicSupervisor.start(node, SupervisorFlags.oneForOne(), 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChildren must be at least 1, was 0");
        DynamicSupervisor sup = DynamicSupervisor.start(node);
        assertThatThrownBy(() -> sup.startChild(
                        Worker.spec("s", events).withRestart(Restart.TEMPORARY).withSignificant(true)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be significant");
    }
}
