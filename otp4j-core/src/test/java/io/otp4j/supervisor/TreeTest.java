package io.otp4j.supervisor;

import io.otp4j.process.Node;
import io.otp4j.testing.LogCapture;
import io.otp4j.testing.TestClock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What the supervisor tests share: a fresh node on a manual clock, the workers' events, and the supervisor and
 * server reports captured (asserted on where a test is about them, kept off the build output elsewhere).
 */
abstract class TreeTest {

    final TestClock clock = new TestClock();
    final Events events = new Events();
    Node node;
    LogCapture log;

    @BeforeEach
    void startNode() {
        log = LogCapture.of("io.otp4j.supervisor", "io.otp4j.genserver");
        node = Node.start(getClass().getSimpleName(), clock);
    }

    @AfterEach
    void closeNode() {
        node.close(Duration.ofSeconds(2));
        log.close();
    }
}
