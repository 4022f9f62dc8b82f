package io.otp4j.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class ParsersTest {

    @Test
    void aWorkerCrashesOnBadInputAndIsRestartedWhileTheOthersKeepServing() {
        try (Node node = Node.start("parsers")) {
            Parsers parsers = Parsers.start(node, "parsers", 3, 10, Duration.ofSeconds(5));
            assertThat(parsers.parse(0, "5")).isEqualTo(5);
            assertThat(parsers.parse(1, "40")).isEqualTo(40);
            assertThat(parsers.parse(1, "2")).isEqualTo(2);
            Pid before = parsers.ref(0).pid();
            Pid other = parsers.ref(1).pid();

            assertThatThrownBy(() -> parsers.parse(0, "twelve"))
                    .isInstanceOf(ServerExitedException.class)
                    .hasMessageContaining("twelve");
            Await.restarted(node, Parsers.workerName("parsers", 0), before);
            // The name is taken before init runs (as in OTP), and init counts the start: wait for it too.
            Await.until("the restart counted", () -> parsers.restarts() >= 1);

            assertThat(parsers.restarts()).isEqualTo(1);
            assertThat(parsers.total(0)).isZero(); // a fresh worker: the crashed one's state is gone
            assertThat(parsers.parse(0, "7")).isEqualTo(7);
            assertThat(parsers.ref(1).pid()).isEqualTo(other); // its sibling was never touched
            assertThat(parsers.total(1)).isEqualTo(42);
        }
    }

    @Test
    void tooManyCrashesMakeTheSupervisorGiveUp() {
        try (Node node = Node.start("parsers")) {
            Parsers parsers = Parsers.start(node, "parsers", 1, 1, Duration.ofHours(1));
            Pid first = parsers.ref(0).pid();
            assertThatThrownBy(() -> parsers.parse(0, "x")).isInstanceOf(ServerExitedException.class);
            Await.restarted(node, Parsers.workerName("parsers", 0), first);
            assertThatThrownBy(() -> parsers.parse(0, "y")).isInstanceOf(ServerExitedException.class);
            Await.until("the supervisor gave up", () -> !parsers.supervisor().isAlive());
            assertThat(node.whereis(Parsers.workerName("parsers", 0))).isEmpty();
        }
    }

    @Test
    void badSettingsAreRefused() {
        try (Node node = Node.start("parsers")) {
            assertThatThrownBy(() -> Parsers.start(node, "parsers", 0, 1, Duration.ofSeconds(1)))
                    .hasMessageContaining("workers must be at least 1, was 0");
            Parsers parsers = Parsers.start(node, "parsers", 2, 1, Duration.ofSeconds(1));
            assertThatThrownBy(() -> parsers.parse(2, "1")).isInstanceOf(IndexOutOfBoundsException.class);
        }
    }
}
