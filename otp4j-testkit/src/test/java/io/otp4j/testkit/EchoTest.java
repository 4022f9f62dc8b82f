package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.VaultServer;
import io.otp4j.testing.VaultServer.Open;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

// @start region="extension"
@ExtendWith(OtpExtension.class)
class EchoTest {
    @Test
    void echoes(Node node) { // a fresh node, closed after the test
        TestProbe probe = TestProbe.spawn(node);
        Pid echo = node.spawn(self -> self.send((Pid) self.receive(), "echo"));
        probe.send(echo, probe.pid());
        probe.expectMessage("echo");
    }

    @Test
    void timesOut(Node node, ManualClock clock) { // the node runs on this clock
        TestProbe probe = TestProbe.spawn(node);
        node.sendAfter(probe.pid(), Duration.ofMinutes(1), "timeout");
        clock.advance(Duration.ofMinutes(1));
        probe.expectMessage("timeout");
    }

    @Test
    void reportsACrash(Node node, LogCapture logs) { // what the node's processes log in this test
        GenServerRef<Open, Object> vault = GenServer.start(node, new VaultServer());
        assertThatThrownBy(() -> vault.call(new Open("0000"))).isInstanceOf(ServerExitedException.class);
        assertThat(logs.awaitCrashReport(vault.pid()).field("reason")).isPresent();
    }
}
// @end
