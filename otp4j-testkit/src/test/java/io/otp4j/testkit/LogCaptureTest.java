package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.testing.VaultServer;
import io.otp4j.testing.VaultServer.Open;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** LogCapture: a crash report with its fields, redacted by formatStatus, kept apart per node and per capture. */
class LogCaptureTest {

    @Test
    void aCrashReportCarriesItsFieldsWithTheStateRedacted() {
        try (Node node = Node.start("logs-vault")) {
            // @start region=capture
            try (LogCapture logs = LogCapture.of(node)) {
                GenServerRef<Open, Object> vault = GenServer.start(
                        node, new VaultServer(), StartOptions.defaults().withName("vault"));
                assertThatThrownBy(() -> vault.call(new Open("0000"))).isInstanceOf(ServerExitedException.class);

                LogEntry report = logs.awaitCrashReport(vault.pid());
                assertThat(report.level()).isEqualTo(System.Logger.Level.ERROR);
                assertThat(report.field("name")).hasValue("vault");
                assertThat(report.field("last message")).hasValue("Open[pin=0000]");
                assertThat(report.field("state")).hasValue("Vault of ada, pin ****"); // formatStatus
                assertThat(report.field("reason"))
                        .hasValueSatisfying(r -> assertThat(r).contains("wrong pin"));
                assertThat(report.message()).doesNotContain("4711");
            }
            // @end
        }
    }

    @Test
    void aCaptureOfOneNodeDoesNotSeeAnothersAndSeesNothingAfterClose() {
        try (Node mine = Node.start("logs-mine");
                Node other = Node.start("logs-other");
                LogCapture all = LogCapture.start()) {
            LogCapture ofMine = LogCapture.of(mine);
            GenServerRef<Open, Object> theirs = GenServer.start(other, new VaultServer());
            assertThatThrownBy(() -> theirs.call(new Open("1"))).isInstanceOf(ServerExitedException.class);
            all.awaitCrashReport(theirs.pid());
            assertThat(ofMine.entries()).isEmpty();

            ofMine.close();
            ofMine.close(); // idempotent
            GenServerRef<Open, Object> own = GenServer.start(mine, new VaultServer());
            assertThatThrownBy(() -> own.call(new Open("2"))).isInstanceOf(ServerExitedException.class);
            all.awaitCrashReport(own.pid());
            assertThat(ofMine.entries()).isEmpty();
        }
    }

    @Test
    void waitingForAReportThatNeverComesFailsNamingIt() {
        try (Node node = Node.start("logs-quiet");
                LogCapture logs = LogCapture.of(node)) {
            assertThatThrownBy(() -> Eventually.get(
                            Duration.ofMillis(50), () -> logs.find(e -> e.isAbout(node.pid())), "a report of the node"))
                    .isInstanceOf(AssertionError.class)
                    .hasMessage("not within PT0.05S: a report of the node");
        }
    }

    @Test
    void parsesTheFieldsOfAReportUpToItsTrace() {
        LogEntry entry = LogEntry.parse(
                "io.otp4j.supervisor",
                System.Logger.Level.ERROR,
                "supervisor top reports child terminated\n  supervisor: top\n  child: worker\n"
                        + "  reason: crash\njava.lang.IllegalStateException: x\n  at: not a field",
                null);
        assertThat(entry.headline()).isEqualTo("supervisor top reports child terminated");
        assertThat(entry.fields())
                .containsExactly(
                        java.util.Map.entry("supervisor", "top"),
                        java.util.Map.entry("child", "worker"),
                        java.util.Map.entry("reason", "crash"));
        assertThat(entry.field("at")).isEmpty();
    }
}
