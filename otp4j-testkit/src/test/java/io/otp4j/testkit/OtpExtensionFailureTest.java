package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * How the extension fails a test: each fixture below is a test class that misuses it, run through the JUnit
 * launcher so this test can look at the failure. The fixtures run only when launched from here.
 */
class OtpExtensionFailureTest {

    private static final String LAUNCHED = "otp4j.testkit.fixtures";

    /** Disables the fixtures unless this test launches them. */
    static final class OnlyWhenLaunched implements ExecutionCondition {
        @Override
        public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
            return context.getConfigurationParameter(LAUNCHED).isPresent()
                    ? ConditionEvaluationResult.enabled("launched by OtpExtensionFailureTest")
                    : ConditionEvaluationResult.disabled("a fixture of OtpExtensionFailureTest");
        }
    }

    static List<TestExecutionSummary.Failure> run(Class<?> fixture) {
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        LauncherFactory.create()
                .execute(
                        LauncherDiscoveryRequestBuilder.request()
                                .selectors(selectClass(fixture))
                                .configurationParameter(LAUNCHED, "true")
                                .build(),
                        listener);
        TestExecutionSummary summary = listener.getSummary();
        assertThat(summary.getTestsFoundCount()).as("fixture tests found").isEqualTo(1);
        return summary.getFailures();
    }

    // ------------------------------------------------------------------ a process that outlives close

    /** Set to let the fixture's stubborn process go, once the test has seen the failure. */
    static volatile boolean release;

    static final List<Pid> STUBBORN = new CopyOnWriteArrayList<>();

    @ExtendWith({OnlyWhenLaunched.class, OtpExtension.class})
    static class LeavesAProcessThatIgnoresKill {
        @Test
        void test(Node node) throws InterruptedException {
            CountDownLatch spinning = new CountDownLatch(1);
            STUBBORN.add(node.spawn(self -> {
                spinning.countDown();
                while (!release) {
                    Thread.onSpinWait(); // plain computation: no exit signal can stop it
                }
            }));
            // A process that has not started yet when the node closes never runs at all.
            assertThat(spinning.await(5, TimeUnit.SECONDS))
                    .as("the process is spinning")
                    .isTrue();
        }
    }

    @Test
    void aProcessLeftAliveAfterCloseFailsTheTestNamingIt() {
        release = false;
        List<TestExecutionSummary.Failure> failures;
        try {
            failures = run(LeavesAProcessThatIgnoresKill.class);
        } finally {
            release = true;
        }

        assertThat(STUBBORN).hasSize(1);
        assertThat(failures)
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .isInstanceOf(AssertionError.class)
                        .hasMessageContaining("node LeavesAProcessThatIgnoresKill.test still had 1 process(es)")
                        .hasMessageContaining(STUBBORN.get(0).toString()));
    }

    // ------------------------------------------------------------------ misuse of the parameters

    @ExtendWith({OnlyWhenLaunched.class, OtpExtension.class})
    static class AsksForTheClockAfterTheNode {
        @BeforeEach
        void setUp(Node node, ManualClock clock) {}

        @Test
        void test(Node node) {}
    }

    @Test
    void aClockAskedForAfterTheNodeStartedOnTheSystemClockIsRefused() {
        assertThat(run(AsksForTheClockAfterTheNode.class))
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .isInstanceOf(ParameterResolutionException.class)
                        .hasMessageContaining("already started on the system clock"));
    }

    @ExtendWith({OnlyWhenLaunched.class, OtpExtension.class})
    static class AsksForANodeInBeforeAll {
        @BeforeAll
        static void setUp(Node node) {}

        @Test
        void test() {}
    }

    @Test
    void aNodeOutsideATestMethodIsRefused() {
        assertThat(run(AsksForANodeInBeforeAll.class))
                .singleElement()
                .satisfies(failure -> assertThat(failure.getException())
                        .isInstanceOf(ParameterResolutionException.class)
                        .hasMessageContaining("outside a test method"));
    }
}
