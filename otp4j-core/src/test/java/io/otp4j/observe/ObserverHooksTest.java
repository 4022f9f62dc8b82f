package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The hooks of {@link ProcessObserver}, each told what happened, on the thread its Javadoc names. */
class ObserverHooksTest {

    private static final ServerType<Echo.Req<?>, Echo.Cast> ECHO = ServerType.of(Echo.class);

    @Test
    void spawnIsToldOnTheSpawningThreadAndExitOnTheProcesss() {
        try (Node node = Node.start("obs-life")) {
            Recorder recorder = new Recorder();
            Observation.of(node).add(recorder);

            Pid quiet = node.spawn(self -> {});
            Pid crashing = node.spawn(self -> {
                throw new IllegalStateException("on purpose");
            });
            Within.get(Within.watch(node, quiet));
            Within.get(Within.watch(node, crashing));
            Eventually.until(
                    () -> recorder.all(Recorder.Exited.class).stream()
                                    .filter(e ->
                                            e.pid().equals(quiet) || e.pid().equals(crashing))
                                    .count()
                            == 2,
                    "both exits told");

            // (Within.watch spawns watchers of its own, which are told too.)
            assertThat(recorder.all(Recorder.Spawned.class))
                    .containsSubsequence(new Recorder.Spawned(quiet), new Recorder.Spawned(crashing));
            assertThat(recorder.threadOf(new Recorder.Spawned(quiet))).isSameAs(Thread.currentThread());
            assertThat(recorder.all(Recorder.Exited.class))
                    .filteredOn(e -> e.pid().equals(quiet) || e.pid().equals(crashing))
                    .hasSize(2)
                    .anySatisfy(e -> assertThat(e).isEqualTo(new Recorder.Exited(quiet, ExitReason.normal())))
                    .anySatisfy(e -> {
                        assertThat(e.pid()).isEqualTo(crashing);
                        assertThat(e.reason().toString()).contains("on purpose");
                    });
            Thread exitThread = recorder.threadOf(new Recorder.Exited(quiet, ExitReason.normal()));
            assertThat(exitThread).isNotSameAs(Thread.currentThread());
            assertThat(exitThread.getName()).isEqualTo("otp4j " + quiet);
        }
    }

    @Test
    void eachCallbackIsToldWithItsKindTypeTimeAndTheMailboxLeftBehind() {
        try (Node node = Node.start("obs-handled")) {
            Recorder recorder = new Recorder();
            Observation.of(node).add(recorder);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = GenServer.start(
                    node, new Echo(() -> "none"), StartOptions.defaults().withName("echo"));

            assertThat(echo.call(new Echo.Ping("a"))).isEqualTo("pong a");
            echo.cast(new Echo.Note("n"));
            node.send(echo.pid(), "plain");
            Eventually.until(() -> recorder.all(Handled.class).size() == 3, "three callbacks told");

            List<Handled> handled = recorder.all(Handled.class);
            assertThat(handled)
                    .extracting(Handled::kind, Handled::messageType, Handled::pid, Handled::name)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(Handled.Kind.CALL, Echo.Ping.class, echo.pid(), "echo"),
                            org.assertj.core.groups.Tuple.tuple(Handled.Kind.CAST, Echo.Note.class, echo.pid(), "echo"),
                            org.assertj.core.groups.Tuple.tuple(Handled.Kind.INFO, String.class, echo.pid(), "echo"));
            assertThat(handled).allSatisfy(h -> assertThat(h.nanos()).isNotNegative());
            assertThat(recorder.threadOf(handled.get(0)).getName()).isEqualTo("otp4j " + echo.pid() + " echo");

            // Three messages wait while the server is held in a call: the call's event counts them.
            CountDownLatch gate = new CountDownLatch(1);
            CompletionStage<String> blocked = Echo.holdBusy(node, echo, gate);
            for (int i = 0; i < 3; i++) {
                node.send(echo.pid(), i);
            }
            gate.countDown();
            assertThat(Within.get(blocked.toCompletableFuture())).isEqualTo("unblocked");
            Eventually.until(() -> recorder.all(Handled.class).size() == 7, "the held call and three infos told");
            Handled held = recorder.all(Handled.class).get(3);
            assertThat(held.messageType()).isEqualTo(Echo.Blocked.class);
            assertThat(held.mailboxLength()).isEqualTo(3);
            assertThat(recorder.all(Handled.class).get(6).mailboxLength()).isZero();
        }
    }

    @Test
    void callsAreToldOnTheCallersThreadWithTheirOutcome() {
        try (Node node = Node.start("obs-calls")) {
            Recorder recorder = new Recorder();
            Observation.of(node).add(recorder);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = GenServer.start(node, new Echo(() -> "none"));
            Pid server = echo.pid();

            echo.call(new Echo.Ping("x"));
            CountDownLatch gate = new CountDownLatch(1);
            assertThatThrownBy(() -> echo.call(new Echo.Blocked(gate), Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);
            gate.countDown();
            CompletableFuture<Down> down = Within.watch(node, server);
            assertThatThrownBy(() -> echo.call(new Echo.Crash())).isInstanceOf(ServerExitedException.class);
            Within.get(down); // the server is gone, its mailbox closed

            assertThatThrownBy(() -> echo.call(new Echo.Ping("late")))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
            GenServerRef<Echo.Req<?>, Echo.Cast> nobody = GenServerRef.named(node, "nobody", ECHO);
            assertThatThrownBy(() -> nobody.call(new Echo.Ping("?"))).isInstanceOf(ServerNotFoundException.class);

            List<CallFinished> calls = recorder.all(CallFinished.class);
            assertThat(calls)
                    .extracting(CallFinished::outcome)
                    .containsExactly(
                            CallFinished.Outcome.REPLIED,
                            CallFinished.Outcome.TIMEOUT,
                            CallFinished.Outcome.EXITED,
                            CallFinished.Outcome.NOPROC,
                            CallFinished.Outcome.NOPROC);
            assertThat(calls.subList(0, 4))
                    .allSatisfy(c -> assertThat(c.server()).isEqualTo(server));
            assertThat(calls.get(4).server()).isEqualTo(node.pid());
            assertThat(calls.get(4).name()).isEqualTo("nobody");
            assertThat(calls.get(1).nanos())
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
            assertThat(calls).extracting(CallFinished::requestType).contains(Echo.Ping.class, Echo.Blocked.class);
            assertThat(recorder.seen)
                    .filteredOn(s -> s.event() instanceof CallFinished)
                    .allSatisfy(s -> assertThat(s.thread()).isSameAs(Thread.currentThread()));
        }
    }

    @Test
    void aRestartIsToldOnTheSupervisorsThread() {
        try (Node node = Node.start("obs-restart")) {
            Recorder recorder = new Recorder();
            Observation.of(node).add(recorder);
            Supervisor sup = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker("echo", () -> new Echo(() -> "none"))),
                    StartOptions.defaults().withName("top"));
            Pid first = sup.whichChildren().get(0).pid().orElseThrow();

            node.exit(first, ExitReason.kill());
            Eventually.until(() -> !recorder.all(ChildRestarted.class).isEmpty(), "the restart told");

            ChildRestarted restart = recorder.all(ChildRestarted.class).get(0);
            assertThat(restart.supervisor()).isEqualTo(sup.pid());
            assertThat(restart.supervisorName()).isEqualTo("top");
            assertThat(restart.childId()).isEqualTo("echo");
            assertThat(restart.reason()).isEqualTo(ExitReason.killed());
            assertThat(restart.newPid()).isNotEqualTo(first);
            assertThat(sup.whichChildren().get(0).pid()).contains(restart.newPid());
            assertThat(recorder.threadOf(restart).getName()).isEqualTo("otp4j " + sup.pid() + " top");
        }
    }

    @Test
    void anObserverThatThrowsIsIgnoredAndTheOthersAreStillTold() {
        try (Node node = Node.start("obs-throws")) {
            Observation observation = Observation.of(node);
            observation.add(new ProcessObserver() {
                @Override
                public void handled(Handled event) {
                    throw new IllegalStateException("a broken observer");
                }

                @Override
                public void spawned(Pid pid) {
                    throw new IllegalStateException("a broken observer");
                }
            });
            Recorder recorder = new Recorder();
            observation.add(recorder);
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = GenServer.start(node, new Echo(() -> "none"));

            assertThat(echo.call(new Echo.Ping("still"))).isEqualTo("pong still");
            assertThat(echo.call(new Echo.Ping("again"))).isEqualTo("pong again");
            Eventually.until(() -> recorder.all(Handled.class).size() == 2, "both calls told to the good one");
            assertThat(recorder.all(Recorder.Spawned.class)).isNotEmpty();
        }
    }

    @Test
    void closingTheLastHookLeavesTheNodeUnobserved() {
        try (Node node = Node.start("obs-close")) {
            Observation observation = Observation.of(node);
            assertThat(Observation.of(node)).isSameAs(observation);
            Recorder recorder = new Recorder();
            Observation.Installed installed = observation.add(recorder);
            assertThat(observation.observers()).containsExactly(recorder);

            installed.close();
            installed.close(); // a second close does nothing
            Pid pid = node.spawn(self -> {});
            Within.get(Within.watch(node, pid));

            assertThat(observation.observers()).isEmpty();
            assertThat(io.otp4j.observe.spi.Observers.of(node)).isNull();
            assertThat(recorder.seen).isEmpty();
        }
    }
}
