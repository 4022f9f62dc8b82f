package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.SpawnOptions;
import io.otp4j.process.TimerRef;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The extension gives each test its own node, the same one to the constructor, the lifecycle methods and the
 * test, and closes it after the test. The tests run in order: a later one checks what an earlier one left.
 */
@ExtendWith(OtpExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OtpExtensionTest {

    private static final Duration SHORT = Duration.ofMillis(50);

    /** Every node a test was given, in test order. */
    private static final List<Node> NODES = new CopyOnWriteArrayList<>();

    /** Processes the first test left running for the extension to stop. */
    private static final List<Pid> LEFT_RUNNING = new CopyOnWriteArrayList<>();

    /** The clock of the third test, which the fourth must not get again. */
    private static @Nullable ManualClock clockOfOrder3;

    private final Node constructorNode;
    private @Nullable Node beforeEachNode;

    OtpExtensionTest(Node node) {
        this.constructorNode = node;
    }

    @BeforeEach
    void rememberTheNode(Node node) {
        beforeEachNode = node;
    }

    @AfterEach
    void theNodeIsStillOpenInAfterEach(Node node) {
        assertThat(node).isSameAs(constructorNode);
        assertThat(node.isClosed())
                .as("closed by the extension only after @AfterEach")
                .isFalse();
    }

    @AfterAll
    static void everyNodeWasClosed() {
        assertThat(NODES).doesNotHaveDuplicates();
        assertThat(NODES).allSatisfy(node -> {
            assertThat(node.isClosed()).as("%s closed", node).isTrue();
            assertThat(node.processCount()).as("processes left on %s", node).isZero();
        });
    }

    @Test
    @Order(1)
    void givesTheTestANodeNamedAfterItOnTheSystemClock(Node node) {
        NODES.add(node);

        assertThat(node.isClosed()).isFalse();
        assertThat(node.name()).isEqualTo("OtpExtensionTest.givesTheTestANodeNamedAfterItOnTheSystemClock");
        assertThat(node.clock()).isNotInstanceOf(ManualClock.class);
        assertThat(constructorNode).isSameAs(node);
        assertThat(beforeEachNode).isSameAs(node);

        // Left running on purpose: one idle process, one probe trapping exits, and one that traps exits and
        // ignores the node's shutdown, so it has to be killed after the grace.
        LEFT_RUNNING.add(node.spawn(ProcessContext::receive));
        TestProbe probe = TestProbe.spawn(node);
        probe.trapExits(true);
        LEFT_RUNNING.add(probe.pid());
        LEFT_RUNNING.add(node.spawn(SpawnOptions.defaults().withTrapExits(true), self -> {
            while (true) {
                self.receive();
            }
        }));
        assertThat(node.processCount()).isEqualTo(3);
    }

    @Test
    @Order(2)
    void eachTestHasItsOwnNodeAndThePreviousOneWasClosed(Node node) {
        assumeThat(NODES).as("the first test ran before this one").isNotEmpty();
        NODES.add(node);
        Node previous = NODES.get(0);

        assertThat(node).isNotSameAs(previous);
        assertThat(node.isClosed()).isFalse();
        assertThat(node.processCount()).isZero();
        assertThat(previous.isClosed()).isTrue();
        assertThat(previous.processCount()).isZero();
        assertThat(LEFT_RUNNING)
                .hasSize(3)
                .noneSatisfy(pid -> assertThat(previous.isAlive(pid)).isTrue());
    }

    @Test
    @Order(3)
    void aManualClockParameterDrivesTheNodesTimers(Node node, ManualClock clock) {
        NODES.add(node);

        assertThat(node.clock()).isSameAs(clock);
        assertThat(constructorNode)
                .as("the constructor's node runs on the test's clock")
                .isSameAs(node);
        TestProbe probe = TestProbe.spawn(node);
        TimerRef timer = node.sendAfter(probe.pid(), Duration.ofSeconds(5), "tick");

        clock.advance(Duration.ofSeconds(4));
        probe.expectNoMessage(SHORT);
        assertThat(node.readTimer(timer)).contains(Duration.ofSeconds(1));

        clock.advance(Duration.ofSeconds(1));
        assertThat(probe.expectMessage()).isEqualTo("tick");
        assertThat(node.readTimer(timer)).isEmpty();
        clockOfOrder3 = clock;
    }

    @Test
    @Order(4)
    void theClockMayComeFirstAndEachTestGetsAFreshOne(ManualClock clock, Node node) {
        NODES.add(node);

        assertThat(node.clock()).isSameAs(clock);
        if (clockOfOrder3 != null) {
            assertThat(clock).isNotSameAs(clockOfOrder3);
        }
        assertThat(clock.nanoTime()).as("a fresh clock starts at zero").isZero();
        assertThat(clock.pending()).isZero();
    }
}
