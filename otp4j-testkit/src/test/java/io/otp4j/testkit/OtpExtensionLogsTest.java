package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.testing.VaultServer;
import io.otp4j.testing.VaultServer.Open;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A test that asks for a LogCapture gets one of its node, open during the test and closed after it. */
class OtpExtensionLogsTest {

    static final List<LogCapture> GIVEN = new CopyOnWriteArrayList<>();

    @ExtendWith({OtpExtensionFailureTest.OnlyWhenLaunched.class, OtpExtension.class})
    static class CatchesACrash {
        @Test
        void test(Node node, LogCapture logs) {
            GIVEN.add(logs);
            GenServerRef<Open, Object> vault = GenServer.start(node, new VaultServer());
            assertThatThrownBy(() -> vault.call(new Open("0000"))).isInstanceOf(ServerExitedException.class);
            assertThat(logs.awaitCrashReport(vault.pid()).field("state")).hasValue("Vault of ada, pin ****");
            assertThat(logs.isOpen()).isTrue();
        }
    }

    @Test
    void aTestGetsACaptureOfItsNodeThatClosesAfterIt() {
        assertThat(OtpExtensionFailureTest.run(CatchesACrash.class)).isEmpty();
        assertThat(GIVEN).singleElement().satisfies(logs -> {
            assertThat(logs.isOpen()).isFalse();
            assertThat(logs.entries()).isNotEmpty();
        });
    }
}
