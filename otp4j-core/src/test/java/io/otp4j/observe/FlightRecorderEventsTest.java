package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.SpawnOptions;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.testing.Eventually;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.function.Predicate;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** otp4j's Flight Recorder events, as a recording stream sees them. */
class FlightRecorderEventsTest {

    private final List<RecordedEvent> events = new CopyOnWriteArrayList<>();
    private RecordingStream stream = new RecordingStream();

    @BeforeEach
    void record() {
        stream = new RecordingStream();
        for (String name : List.of("Spawn", "Exit", "SupervisorRestart", "CallTimeout", "MailboxHighWater")) {
            stream.enable("otp4j." + name);
        }
        stream.enable("otp4j.SlowHandler").withThreshold(Duration.ZERO);
        stream.setMaxAge(Duration.ofMinutes(1));
        stream.onEvent(events::add);
        stream.startAsync();
    }

    @AfterEach
    void stop() {
        stream.close();
    }

    private RecordedEvent awaitEvent(String name, Predicate<RecordedEvent> which) {
        Eventually.until(
                () -> events.stream().anyMatch(e -> isA(e, name) && which.test(e)), "a recorded otp4j." + name);
        return events.stream()
                .filter(e -> isA(e, name) && which.test(e))
                .findFirst()
                .orElseThrow();
    }

    private static boolean isA(RecordedEvent e, String name) {
        return e.getEventType().getName().equals("otp4j." + name);
    }

    @Test
    void spawnAndExitAreRecordedWithPidNameAndReason() {
        try (Node node = Node.start("jfr-life")) {
            ProcessBody body = self -> {
                throw new IllegalStateException("recorded crash");
            };
            Pid pid = node.spawn(SpawnOptions.defaults().withName("jfr-worker"), body);
            Within.get(Within.watch(node, pid));

            RecordedEvent spawn = awaitEvent("Spawn", e -> e.getString("pid").equals(pid.toString()));
            assertThat(spawn.getString("name")).isEqualTo("jfr-worker");
            assertThat(spawn.getString("messageType")).isEqualTo(body.getClass().getName());
            assertThat(spawn.getEventType().getCategoryNames()).containsExactly("otp4j");
            RecordedEvent exit = awaitEvent("Exit", e -> e.getString("pid").equals(pid.toString()));
            assertThat(exit.getString("name")).isEqualTo("jfr-worker");
            assertThat(exit.getString("reason")).contains("recorded crash");
        }
    }

    @Test
    void aRestartACallTimeoutAndASlowHandlerAreRecorded() {
        try (Node node = Node.start("jfr-server")) {
            Supervisor sup = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(ChildSpec.worker(
                            "echo",
                            () -> new Echo(() -> "none"),
                            StartOptions.defaults().withName("jfr-echo"))),
                    StartOptions.defaults().withName("jfr-top"));
            Pid first = node.whereis("jfr-echo").orElseThrow();
            node.exit(first, ExitReason.kill());
            RecordedEvent restart = awaitEvent("SupervisorRestart", e -> true);
            assertThat(restart.getString("pid")).isEqualTo(sup.pid().toString());
            assertThat(restart.getString("name")).isEqualTo("jfr-top");
            assertThat(restart.getString("childId")).isEqualTo("echo");
            assertThat(restart.getString("reason"))
                    .isEqualTo(ExitReason.killed().toString());
            Eventually.until(() -> node.whereis("jfr-echo").isPresent(), "the restarted child holds its name");
            Pid second = node.whereis("jfr-echo").orElseThrow();
            assertThat(restart.getString("child")).isEqualTo(second.toString());

            GenServerRef<Echo.Req<?>, Echo.Cast> echo =
                    GenServerRef.named(node, "jfr-echo", io.otp4j.genserver.ServerType.of(Echo.class));
            CountDownLatch gate = new CountDownLatch(1);
            assertThatThrownBy(() -> echo.call(new Echo.Blocked(gate), Duration.ofMillis(30)))
                    .isInstanceOf(CallTimeoutException.class);
            gate.countDown();
            RecordedEvent timeout = awaitEvent("CallTimeout", e -> true);
            assertThat(timeout.getString("pid")).isEqualTo(second.toString());
            assertThat(timeout.getString("name")).isEqualTo("jfr-echo");
            assertThat(timeout.getString("messageType")).isEqualTo(Echo.Blocked.class.getName());
            assertThat(timeout.getLong("timeout")).isEqualTo(30);

            RecordedEvent slow =
                    awaitEvent("SlowHandler", e -> e.getString("messageType").equals(Echo.Blocked.class.getName()));
            assertThat(slow.getString("pid")).isEqualTo(second.toString());
            assertThat(slow.getString("callback")).isEqualTo("CALL");
            assertThat(slow.getDuration()).isPositive();
        }
    }

    @Test
    void aMailboxPastTheHighWaterMarkIsRecordedOnceAsItCrossesIt() {
        try (Node node = Node.start("jfr-flood")) {
            GenServerRef<Echo.Req<?>, Echo.Cast> echo = GenServer.start(
                    node, new Echo(() -> "none"), StartOptions.defaults().withName("flooded"));
            CountDownLatch gate = new CountDownLatch(1);
            CompletionStage<String> blocked = Echo.holdBusy(node, echo, gate);
            int mark = io.otp4j.process.jfr.Events.HIGH_WATER;
            for (int i = 0; i <= mark; i++) {
                node.send(echo.pid(), i);
            }
            gate.countDown();
            assertThat(Within.get(blocked.toCompletableFuture())).isEqualTo("unblocked");

            RecordedEvent high = awaitEvent("MailboxHighWater", e -> true);
            assertThat(high.getString("pid")).isEqualTo(echo.pid().toString());
            assertThat(high.getString("name")).isEqualTo("flooded");
            assertThat(high.getString("messageType")).isEqualTo(Echo.Blocked.class.getName());
            assertThat(high.getInt("length")).isEqualTo(mark + 1);
            assertThat(high.getInt("mark")).isEqualTo(mark);
            // It drains: the crossing is recorded once, not once per message over the mark.
            Eventually.until(() -> node.info(echo.pid()).orElseThrow().mailboxLength() == 0, "the flood drained");
            stream.stop(); // flushes what was committed
            assertThat(events.stream().filter(e -> isA(e, "MailboxHighWater"))).hasSize(1);
        }
    }
}
