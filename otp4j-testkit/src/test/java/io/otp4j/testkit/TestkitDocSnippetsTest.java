package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.VaultServer;
import io.otp4j.testing.VaultServer.Open;

/** The code of the class documentation of {@link TestProbe} and {@link Eventually}, run as written. */
class TestkitDocSnippetsTest {

    record Ping(Pid from) {}

    record Pong() {}

    @OtpTest
    void aProbeIsAnsweredAndSeesTheEchoDie(Node node) {
        Pid echo = node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from)) {
                    self.send(from, new Pong());
                }
            }
        });

        // @start region="probe"
        TestProbe probe = TestProbe.spawn(node);
        probe.send(echo, new Ping(probe.pid())); // sent from the probe's own process
        probe.expectMessage(Pong.class); // fails after 3 s if no Pong came
        probe.watch(echo);
        node.exit(echo, ExitReason.kill());
        probe.expectDown(echo, ExitReason.killed());
        // @end

        assertThat(node.isAlive(echo)).isFalse();
    }

    @OtpTest
    void eventuallyWaitsForAnExitAndForItsCrashReport(Node node, LogCapture logs) {
        GenServerRef<Open, Object> vault = GenServer.start(node, new VaultServer());
        Pid worker = vault.pid();
        assertThatThrownBy(() -> vault.call(new Open("0000"))).isInstanceOf(ServerExitedException.class);

        // @start region="eventually"
        Eventually.until(() -> !node.isAlive(worker), "the worker exits");
        LogEntry report = Eventually.get(() -> logs.find(e -> e.field("pid").isPresent()), "a crash report");
        // @end

        assertThat(report.isAbout(worker)).isTrue();
        assertThat(report.field("reason")).hasValueSatisfying(r -> assertThat(r).contains("wrong pin"));
    }
}
