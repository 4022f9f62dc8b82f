package io.otp4j.slf4j;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.testing.VaultServer;
import io.otp4j.testing.VaultServer.Open;
import io.otp4j.testkit.Eventually;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.slf4j.event.KeyValuePair;

/** With otp4j-slf4j on the class path, otp4j's reports reach SLF4J with their fields as key-value pairs. */
class Slf4jBridgeTest {

    private final ListAppender<ILoggingEvent> events = new ListAppender<>();
    private final Logger otp4j = (Logger) LoggerFactory.getLogger("io.otp4j");

    @BeforeEach
    void attach() {
        events.start();
        otp4j.addAppender(events);
    }

    @AfterEach
    void detach() {
        otp4j.detachAppender(events);
        events.stop();
    }

    @Test
    void theJvmsSystemLoggersAreThisBridge() {
        assertThat(System.LoggerFinder.getLoggerFinder()).isInstanceOf(Slf4jLoggerFinder.class);
        assertThat(System.getLogger("io.otp4j.genserver").getName()).isEqualTo("io.otp4j.genserver");
    }

    @Test
    void aCrashReportCarriesItsFieldsAsKeyValuePairs() {
        try (Node node = Node.start("slf4j-vault")) {
            GenServerRef<Open, Object> vault = GenServer.start(
                    node, new VaultServer(), StartOptions.defaults().withName("vault"));
            assertThatThrownBy(() -> vault.call(new Open("0000"))).isInstanceOf(ServerExitedException.class);

            ILoggingEvent report = Eventually.get(
                    () -> events.list.stream()
                            .filter(e -> e.getLoggerName().equals("io.otp4j.genserver"))
                            .findFirst()
                            .map(Optional::of)
                            .orElse(Optional.empty()),
                    "the crash report");
            assertThat(report.getLevel()).isEqualTo(ch.qos.logback.classic.Level.ERROR);
            Map<String, Object> fields = new LinkedHashMap<>();
            for (KeyValuePair pair : report.getKeyValuePairs()) {
                fields.put(pair.key, pair.value);
            }
            assertThat(fields)
                    .containsEntry("pid", vault.pid().toString())
                    .containsEntry("name", "vault")
                    .containsEntry("last_message", "Open[pin=0000]")
                    .containsEntry("state", "Vault of ada, pin ****");
            assertThat((String) fields.get("reason")).contains("wrong pin");
            assertThat(report.getFormattedMessage())
                    .startsWith("generic server")
                    .doesNotContain("4711");
        }
    }

    @Test
    void levelsMapAndPlainMessagesCarryNoFields() {
        System.Logger logger = System.getLogger("io.otp4j.test");
        otp4j.setLevel(ch.qos.logback.classic.Level.INFO);
        try {
            assertThat(logger.isLoggable(System.Logger.Level.DEBUG)).isFalse();
            assertThat(logger.isLoggable(System.Logger.Level.WARNING)).isTrue();
            assertThat(logger.isLoggable(System.Logger.Level.OFF)).isFalse();
            logger.log(System.Logger.Level.WARNING, "{0} did not stop within {1}", "registry", "5s");
            logger.log(System.Logger.Level.DEBUG, "not shown");
        } finally {
            otp4j.setLevel(null);
        }
        assertThat(events.list).singleElement().satisfies(e -> {
            assertThat(e.getLevel()).isEqualTo(ch.qos.logback.classic.Level.WARN);
            assertThat(e.getFormattedMessage()).isEqualTo("registry did not stop within 5s");
            assertThat(e.getKeyValuePairs()).isNullOrEmpty();
        });
    }

    @Test
    void fieldsStopAtTheFirstLineThatIsNotOne() {
        assertThat(Slf4jSystemLogger.fields("headline\n  pid: <a.1>\n  last message: x: y\njava.lang.Error\n  at: z"))
                .containsExactly(Map.entry("pid", "<a.1>"), Map.entry("last_message", "x: y"));
        assertThat(Slf4jSystemLogger.fields("one line")).isEmpty();
    }
}
