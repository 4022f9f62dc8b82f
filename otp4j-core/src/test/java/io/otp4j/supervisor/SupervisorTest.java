package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartException;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Supervisor: ordered start and shutdown, the three strategies, the restart types, intensity. */
class SupervisorTest extends TreeTest {

    private List<ChildSpec> abc() {
        return List.of(Worker.spec("a", events), Worker.spec("b", events), Worker.spec("c", events));
    }

    static Pid pidOf(Supervisor sup, String id) {
        return sup.whichChildren().stream()
                .filter(c -> c.id().equals(id))
                .findFirst()
                .flatMap(ChildInfo::pid)
                .orElseThrow(() -> new AssertionError("child " + id + " is not running: " + sup.whichChildren()));
    }

    /** Monitors {@code pid} from a fresh process and {@return its Down} */
    static CompletableFuture<Down> watch(Node node, Pid pid) {
        CompletableFuture<Down> down = new CompletableFuture<>();
        CompletableFuture<MonitorRef> watching = new CompletableFuture<>();
        node.spawn(self -> {
            watching.complete(self.monitor(pid));
            down.complete(self.receive(Down.class));
        });
        watching.join();
        return down;
    }

    static Down await(CompletableFuture<Down> down) throws Exception {
        return down.get(Events.WAIT.toSeconds(), TimeUnit.SECONDS);
    }

    @Test
    void startsChildrenInOrderAndStopsThemInReverse() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), abc());
        events.expect("start a", "start b", "start c");
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b", "c");
        assertThat(sup.whichChildren())
                .allMatch(c -> c.status() == ChildStatus.RUNNING && c.pid().isPresent());
        sup.stop();
        events.expect("stop c", "stop b", "stop a");
        assertThat(sup.isAlive()).isFalse();
    }

    @Test
    void oneForOneRestartsOnlyTheChildThatExited() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), abc());
        events.expect("start a", "start b", "start c");
        Pid a = pidOf(sup, "a");
        Pid b = pidOf(sup, "b");
        Pid c = pidOf(sup, "c");
        node.exit(b, ExitReason.kill());
        events.expect("start b");
        assertThat(pidOf(sup, "b")).isNotEqualTo(b);
        assertThat(pidOf(sup, "a")).isEqualTo(a);
        assertThat(pidOf(sup, "c")).isEqualTo(c);
        events.expectNone();
    }

    @Test
    void oneForAllStopsTheOthersNewestFirstThenStartsAllInOrder() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForAll(), abc());
        events.expect("start a", "start b", "start c");
        Pid a = pidOf(sup, "a");
        node.exit(pidOf(sup, "b"), ExitReason.kill());
        events.expect("stop c", "stop a", "start a", "start b", "start c");
        assertThat(pidOf(sup, "a")).isNotEqualTo(a);
    }

    @Test
    void restForOneRestartsTheChildAndTheOnesAfterIt() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.restForOne(), abc());
        events.expect("start a", "start b", "start c");
        Pid a = pidOf(sup, "a");
        Pid c = pidOf(sup, "c");
        node.exit(pidOf(sup, "b"), ExitReason.kill());
        events.expect("stop c", "start b", "start c");
        assertThat(pidOf(sup, "a")).isEqualTo(a);
        assertThat(pidOf(sup, "c")).isNotEqualTo(c);
    }

    @Test
    void aPermanentChildIsRestartedEvenAfterANormalExit() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(Worker.spec("a", events)));
        events.expect("start a");
        GenServerRef<Worker.Request<?>, NoCast> a =
                GenServerRef.of(pidOf(sup, "a"), Worker.TYPE).orElseThrow();
        a.call(new Worker.StopWith(ExitReason.normal()));
        events.expect("stop a", "start a");
    }

    @Test
    void aTransientChildIsRestartedOnlyAfterAnAbnormalExit() throws Exception {
        ChildSpec spec = Worker.spec("a", events).withRestart(Restart.TRANSIENT);
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(spec));
        events.expect("start a");
        node.exit(pidOf(sup, "a"), ExitReason.kill());
        events.expect("start a");
        Pid second = pidOf(sup, "a");
        CompletableFuture<Down> down = watch(node, second);
        GenServerRef.of(second, Worker.TYPE).orElseThrow().call(new Worker.StopWith(ExitReason.shutdown("done")));
        events.expect("stop a");
        await(down); // links fire before monitors: the supervisor has the Exit by now
        assertThat(sup.whichChildren()).singleElement().satisfies(c -> {
            assertThat(c.status()).isEqualTo(ChildStatus.NOT_RUNNING);
            assertThat(c.pid()).isEmpty();
        });
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(1, 0, 0, 1));
    }

    @Test
    void aTemporaryChildIsNeverRestartedAndItsSpecIsForgotten() throws Exception {
        ChildSpec spec = Worker.spec("a", events).withRestart(Restart.TEMPORARY);
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(spec, Worker.spec("b", events)));
        events.expect("start a", "start b");
        CompletableFuture<Down> down = watch(node, pidOf(sup, "a"));
        node.exit(pidOf(sup, "a"), ExitReason.kill());
        await(down);
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("b");
        events.expectNone();
    }

    @Test
    void aTemporarySiblingIsStoppedButNotRestartedByOneForAll() {
        ChildSpec temp = Worker.spec("t", events).withRestart(Restart.TEMPORARY);
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForAll(), List.of(Worker.spec("a", events), temp));
        events.expect("start a", "start t");
        node.exit(pidOf(sup, "a"), ExitReason.kill());
        events.expect("stop t", "start a");
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("a");
    }

    @Test
    void pastItsIntensityTheSupervisorStopsItsChildrenAndExitsWithShutdown() throws Exception {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withIntensity(2, Duration.ofSeconds(5));
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events), Worker.spec("b", events)));
        events.expect("start a", "start b");
        CompletableFuture<Down> down = watch(node, sup.pid());
        node.exit(pidOf(sup, "b"), ExitReason.kill());
        events.expect("start b");
        node.exit(pidOf(sup, "b"), ExitReason.kill());
        events.expect("start b");
        node.exit(pidOf(sup, "b"), ExitReason.kill()); // the third within 5 s: one more than allowed
        events.expect("stop a");
        assertThat(await(down).reason()).isEqualTo(ExitReason.shutdown());
    }

    @Test
    void restartsSpreadOverMoreThanThePeriodDoNotAddUp() throws Exception {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withIntensity(1, Duration.ofSeconds(5));
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("a", events)));
        events.expect("start a");
        for (int i = 0; i < 4; i++) {
            node.exit(pidOf(sup, "a"), ExitReason.kill());
            events.expect("start a");
            clock.advance(Duration.ofSeconds(6));
        }
        assertThat(sup.isAlive()).isTrue();
        node.exit(pidOf(sup, "a"), ExitReason.kill());
        events.expect("start a");
        CompletableFuture<Down> down = watch(node, sup.pid());
        node.exit(pidOf(sup, "a"), ExitReason.kill()); // two within the period
        assertThat(await(down).reason()).isEqualTo(ExitReason.shutdown());
    }

    @Test
    void aChildSupervisorThatGivesUpIsRestartedByItsParent() {
        SupervisorFlags strict = SupervisorFlags.oneForOne().withIntensity(0, Duration.ofSeconds(5));
        ChildSpec inner = ChildSpec.supervisor("inner", strict, List.of(Worker.spec("w", events)));
        Supervisor top = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(inner));
        events.expect("start w");
        Pid innerPid = pidOf(top, "inner");
        assertThat(top.whichChildren().get(0).type()).isEqualTo(ChildType.SUPERVISOR);
        Supervisor innerSup = Supervisor.of(innerPid).orElseThrow();
        node.exit(pidOf(innerSup, "w"), ExitReason.kill()); // inner may not restart at all: it gives up
        events.expect("start w"); // the parent restarted inner, which started w again
        assertThat(pidOf(top, "inner")).isNotEqualTo(innerPid);
        assertThat(log.about("io.otp4j.supervisor", "reached its maximum restart intensity"))
                .hasSize(1);
        // The parent sees why: inner exited with shutdown, reported as the child's termination.
        assertThat(log.about("io.otp4j.supervisor", "child: ChildSpec[id=inner"))
                .singleElement()
                .satisfies(r ->
                        assertThat(r.getMessage()).contains("child terminated").contains("reason: shutdown"));
    }

    @Test
    void aChildThatFailsToStartStopsTheOthersAndFailsTheStartNamingIt() {
        ChildSpec failing = ChildSpec.worker("b", () -> new GenServer<String, Worker.Request<?>, NoCast>() {
            @Override
            public Init<String> init(io.otp4j.process.ProcessContext self) {
                throw new IllegalStateException("no database");
            }
        });
        {
            assertThatThrownBy(() -> Supervisor.start(
                            node,
                            SupervisorFlags.oneForOne(),
                            List.of(Worker.spec("a", events), failing, Worker.spec("c", events))))
                    .isInstanceOfSatisfying(StartException.class, e -> {
                        assertThat(e.getMessage())
                                .contains("failed_to_start_child, b")
                                .contains("no database");
                        assertThat(e.reason().orElseThrow())
                                .isInstanceOfSatisfying(
                                        ExitReason.Shutdown.class,
                                        s -> assertThat(s.detail().orElseThrow())
                                                .isInstanceOfSatisfying(FailedToStartChild.class, f -> {
                                                    assertThat(f.id()).isEqualTo("b");
                                                    assertThat(f.reason()).isInstanceOf(ExitReason.Crash.class);
                                                }));
                    });
            events.expect("start a", "stop a");
            events.expectNone(); // c never started
            assertThat(log.about("io.otp4j.supervisor", "start error"))
                    .singleElement()
                    .satisfies(r -> assertThat(r.getMessage()).contains("id=b").contains("no database"));
        }
    }

    @Test
    void aChildThatAsksToBeIgnoredIsKeptNotRunning() {
        ChildSpec ignored = ChildSpec.worker("i", () -> new GenServer<String, Worker.Request<?>, NoCast>() {
            @Override
            public Init<String> init(io.otp4j.process.ProcessContext self) {
                return Init.ignore();
            }
        });
        ChildSpec general = ChildSpec.of("g", s -> StartResult.ignore()).withRestart(Restart.TEMPORARY);
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(ignored, general));
        assertThat(sup.whichChildren())
                .singleElement()
                .isEqualTo(new ChildInfo("i", java.util.Optional.empty(), ChildStatus.NOT_RUNNING, ChildType.WORKER));
    }

    @Test
    void theGeneralStartFormSupervisesAnyLinkedProcess() {
        ChildSpec plain = ChildSpec.of(
                "plain",
                s -> StartResult.ok(s.spawnLink(self -> {
                    events.add("start plain");
                    self.receive();
                })));
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(plain));
        events.expect("start plain");
        Pid first = pidOf(sup, "plain");
        node.send(first, "stop"); // its body returns: a normal exit, and it is permanent
        events.expect("start plain");
        assertThat(pidOf(sup, "plain")).isNotEqualTo(first);
    }

    @Test
    void aChildsAbnormalExitIsReportedNamingItsSpecAndReason() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(Worker.spec("a", events)));
        events.expect("start a");
        Pid a = pidOf(sup, "a");
        node.exit(a, ExitReason.kill());
        events.expect("start a");
        assertThat(log.about("io.otp4j.supervisor", "child terminated"))
                .singleElement()
                .satisfies(r -> {
                    assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.SEVERE);
                    assertThat(r.getMessage())
                            .startsWith("supervisor " + sup.pid())
                            .contains("child: ChildSpec[id=a, restart=permanent, shutdown=PT5S, type=worker")
                            .contains("pid: " + a)
                            .contains("reason: killed");
                });
    }

    @Test
    void aStoppedSupervisorAnswersNoMore() {
        Supervisor sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of());
        sup.stop();
        assertThatThrownBy(sup::whichChildren).isInstanceOf(ServerExitedException.class);
    }
}
