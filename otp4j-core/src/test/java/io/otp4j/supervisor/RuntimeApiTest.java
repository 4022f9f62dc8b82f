package io.otp4j.supervisor;

import static io.otp4j.supervisor.SupervisorTest.await;
import static io.otp4j.supervisor.SupervisorTest.pidOf;
import static io.otp4j.supervisor.SupervisorTest.watch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.assertj.core.api.ThrowableAssert;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The runtime API: which, count, start, terminate, restart and delete a child; and bad input. */
class RuntimeApiTest extends TreeTest {

    private Supervisor sup;

    @BeforeEach
    void startSupervisor() {
        sup = Supervisor.start(node, SupervisorFlags.oneForOne(), List.of(Worker.spec("a", events)));
        events.expect("start a");
    }

    private static void refused(
            ThrowableAssert.ThrowingCallable call, SupervisorException.Problem problem, String text) {
        assertThatThrownBy(call).isInstanceOfSatisfying(SupervisorException.class, e -> {
            assertThat(e.problem()).isEqualTo(problem);
            assertThat(e.getMessage()).contains(text);
        });
    }

    @Test
    void startChildAddsItAtTheEndAndStartsIt() {
        StartResult started = sup.startChild(Worker.spec("b", events));
        events.expect("start b");
        assertThat(started).isEqualTo(StartResult.ok(pidOf(sup, "b")));
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("a", "b");
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(2, 2, 0, 2));
        refused(() -> sup.startChild(Worker.spec("b", events)), SupervisorException.Problem.ALREADY_STARTED, "b");
    }

    @Test
    void terminateChildKeepsTheSpecAndRestartChildStartsItAgain() {
        Pid first = pidOf(sup, "a");
        sup.terminateChild("a");
        events.expect("stop a");
        assertThat(node.isAlive(first)).isFalse();
        assertThat(sup.whichChildren())
                .containsExactly(new ChildInfo("a", Optional.empty(), ChildStatus.NOT_RUNNING, ChildType.WORKER));
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(1, 0, 0, 1));
        refused(() -> sup.startChild(Worker.spec("a", events)), SupervisorException.Problem.ALREADY_PRESENT, "a");
        sup.terminateChild("a"); // not running: nothing to do
        StartResult again = sup.restartChild("a");
        events.expect("start a");
        assertThat(again).isEqualTo(StartResult.ok(pidOf(sup, "a")));
        refused(() -> sup.restartChild("a"), SupervisorException.Problem.RUNNING, "running");
    }

    @Test
    void deleteChildForgetsAStoppedChildOnly() {
        refused(() -> sup.deleteChild("a"), SupervisorException.Problem.RUNNING, "terminate it first");
        sup.terminateChild("a");
        sup.deleteChild("a");
        assertThat(sup.whichChildren()).isEmpty();
        refused(() -> sup.deleteChild("a"), SupervisorException.Problem.NOT_FOUND, "no child a");
    }

    @Test
    void unknownIdsAreNotFound() {
        refused(() -> sup.terminateChild("x"), SupervisorException.Problem.NOT_FOUND, "no child x");
        refused(() -> sup.restartChild("x"), SupervisorException.Problem.NOT_FOUND, "no child x");
        refused(() -> sup.deleteChild("x"), SupervisorException.Problem.NOT_FOUND, "no child x");
    }

    @Test
    void aStartChildThatFailsNamesTheReasonAndKeepsNoSpec() {
        ChildSpec failing = ChildSpec.of("f", s -> {
            throw new IllegalStateException("port in use");
        });
        assertThatThrownBy(() -> sup.startChild(failing)).isInstanceOfSatisfying(SupervisorException.class, e -> {
            assertThat(e.problem()).isEqualTo(SupervisorException.Problem.START_FAILED);
            assertThat(e.getMessage()).contains("child f failed to start").contains("port in use");
            assertThat(e.reason().orElseThrow()).isInstanceOf(ExitReason.Crash.class);
            assertThat(e.getCause()).hasMessage("port in use");
        });
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("a");
        assertThat(log.about("io.otp4j.supervisor", "start error")).hasSize(1);
    }

    @Test
    void aTerminatedTemporaryChildIsForgotten() {
        sup.startChild(Worker.spec("t", events).withRestart(Restart.TEMPORARY));
        events.expect("start t");
        sup.terminateChild("t");
        events.expect("stop t");
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("a");
    }

    @Test
    void countChildrenCountsSupervisorsAndWorkersBySpec() {
        sup.startChild(ChildSpec.supervisor("sub", SupervisorFlags.oneForOne(), List.of(Worker.spec("w", events))));
        events.expect("start w");
        sup.startChild(ChildSpec.of("idle", s -> StartResult.ignore()));
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(3, 2, 1, 2));
    }

    @Test
    void aChildKilledByAnyoneButTheSupervisorIsRestarted() throws Exception {
        Pid first = pidOf(sup, "a");
        CompletableFuture<Down> down = watch(node, first);
        node.exit(first, ExitReason.custom("crashed"));
        await(down);
        events.expect("stop a", "start a");
        assertThat(pidOf(sup, "a")).isNotEqualTo(first);
    }

    @Test
    @SuppressWarnings("NullAway") // passing null on purpose
    void badInputIsRefusedWithAClearMessage() {
        assertThatThrownBy(() -> ChildSpec.of(" ", s -> StartResult.ignore()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blank");
        assertThatThrownBy(() -> Worker.spec("p", events).withSignificant(true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child p: a significant child must be transient or temporary");
        assertThatThrownBy(() -> Supervisor.start(
                        node, SupervisorFlags.oneForOne(), List.of(Worker.spec("d", events), Worker.spec("d", events))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two children have the id d");
        assertThatThrownBy(() -> Supervisor.start(
                        node,
                        SupervisorFlags.oneForOne(),
                        List.of(Worker.spec("s", events)
                                .withRestart(Restart.TRANSIENT)
                                .withSignificant(true))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("child s is significant, but the supervisor's auto-shutdown is never");
        assertThatThrownBy(() -> SupervisorFlags.oneForOne().withIntensity(-1, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("intensity must not be negative, was -1");
        assertThatThrownBy(() -> SupervisorFlags.oneForOne().withIntensity(1, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("period must be positive, was PT0S");
        assertThatThrownBy(() -> Shutdown.timeout(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("shutdown timeout must be positive");
        assertThatThrownBy(() -> sup.startChild(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("spec");
        assertThatThrownBy(() -> sup.terminateChild(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("id");
        events.expectNone(); // nothing started
    }
}
