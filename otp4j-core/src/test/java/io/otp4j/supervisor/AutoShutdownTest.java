package io.otp4j.supervisor;

import static io.otp4j.supervisor.SupervisorTest.await;
import static io.otp4j.supervisor.SupervisorTest.pidOf;
import static io.otp4j.supervisor.SupervisorTest.watch;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Significant children and auto-shutdown: never, any_significant, all_significant. */
class AutoShutdownTest extends TreeTest {

    private ChildSpec significant(String id, Restart restart) {
        return Worker.spec(id, events).withRestart(restart).withSignificant(true);
    }

    private static void finish(Supervisor sup, String id) {
        GenServerRef.of(pidOf(sup, id), Worker.TYPE).orElseThrow().call(new Worker.StopWith(ExitReason.normal()));
    }

    @Test
    void anySignificantShutsTheSupervisorDownWhenOneSignificantChildFinishes() throws Exception {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT);
        Supervisor sup = Supervisor.start(
                node,
                flags,
                List.of(
                        Worker.spec("w", events),
                        significant("s1", Restart.TRANSIENT),
                        significant("s2", Restart.TEMPORARY)));
        events.expect("start w", "start s1", "start s2");
        CompletableFuture<Down> down = watch(node, sup.pid());
        finish(sup, "s1");
        events.expect("stop s1", "stop s2", "stop w"); // the others stop in reverse order
        assertThat(await(down).reason()).isEqualTo(ExitReason.shutdown());
    }

    @Test
    void aSignificantTransientChildThatCrashesIsRestartedInstead() {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT);
        Supervisor sup = Supervisor.start(node, flags, List.of(significant("s", Restart.TRANSIENT)));
        events.expect("start s");
        node.exit(pidOf(sup, "s"), ExitReason.kill());
        events.expect("start s");
        assertThat(sup.isAlive()).isTrue();
    }

    @Test
    void allSignificantWaitsForTheLastSignificantChild() throws Exception {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withAutoShutdown(AutoShutdown.ALL_SIGNIFICANT);
        Supervisor sup = Supervisor.start(
                node,
                flags,
                List.of(
                        Worker.spec("w", events),
                        significant("s1", Restart.TEMPORARY),
                        significant("s2", Restart.TRANSIENT)));
        events.expect("start w", "start s1", "start s2");
        CompletableFuture<Down> down = watch(node, sup.pid());
        Pid s1 = pidOf(sup, "s1");
        CompletableFuture<Down> s1Down = watch(node, s1);
        node.exit(s1, ExitReason.kill()); // temporary: not restarted, however it ends
        await(s1Down);
        assertThat(sup.whichChildren()).extracting(ChildInfo::id).containsExactly("w", "s2");
        assertThat(down).isNotDone();
        finish(sup, "s2");
        events.expect("stop s2", "stop w");
        assertThat(await(down).reason()).isEqualTo(ExitReason.shutdown());
    }

    @Test
    void terminatingASignificantChildDoesNotCount() {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withAutoShutdown(AutoShutdown.ANY_SIGNIFICANT);
        Supervisor sup = Supervisor.start(node, flags, List.of(significant("s", Restart.TRANSIENT)));
        events.expect("start s");
        sup.terminateChild("s");
        events.expect("stop s");
        assertThat(sup.isAlive()).isTrue();
        assertThat(sup.whichChildren())
                .singleElement()
                .extracting(ChildInfo::status)
                .isEqualTo(ChildStatus.NOT_RUNNING);
    }

    @Test
    void neverIgnoresNonSignificantChildrenFinishing() throws Exception {
        Supervisor sup = Supervisor.start(
                node,
                SupervisorFlags.oneForOne(),
                List.of(Worker.spec("t", events).withRestart(Restart.TRANSIENT)));
        events.expect("start t");
        Pid t = pidOf(sup, "t");
        CompletableFuture<Down> down = watch(node, t);
        finish(sup, "t");
        await(down);
        assertThat(sup.isAlive()).isTrue();
        assertThat(sup.countChildren()).isEqualTo(new ChildCounts(1, 0, 0, 1));
    }
}
