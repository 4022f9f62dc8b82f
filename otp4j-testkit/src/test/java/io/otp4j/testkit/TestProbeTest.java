package io.otp4j.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Delivery;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.NoProcException;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The probe on its own: each test starts and closes its node by hand, independent of {@link OtpExtension}. */
class TestProbeTest {

    /** Long enough for a loaded 2-core machine; every wait that succeeds returns as soon as it can. */
    private static final Duration WAIT = Duration.ofSeconds(5);

    /** For waits that are meant to fail, and for {@code expectNoMessage}: short, and real time. */
    private static final Duration SHORT = Duration.ofMillis(50);

    record Ping(Pid from) {}

    record Pong(Pid from) {}

    private Node node;

    @BeforeEach
    void startNode() {
        node = Node.start("probe-test");
    }

    @AfterEach
    void closeNode() {
        node.close(Duration.ofSeconds(1));
    }

    private TestProbe probe() {
        return TestProbe.spawn(node).defaultTimeout(WAIT);
    }

    /** A process that answers every {@code Ping(from)} with {@code Pong(self)} to {@code from}. */
    private Pid echo() {
        return node.spawn(self -> {
            while (true) {
                if (self.receive() instanceof Ping(Pid from)) {
                    self.send(from, new Pong(self.self()));
                }
            }
        });
    }

    /** A process that waits for any message, then exits with {@code reason}. */
    private Pid exitsOnCue(ExitReason reason) {
        return node.spawn(self -> {
            self.receive();
            self.exit(reason);
        });
    }

    // ------------------------------------------------------------------ identity and settings

    @Test
    void spawnsALiveProcessOnTheNode() {
        TestProbe probe = TestProbe.spawn(node);

        assertThat(probe.isAlive()).isTrue();
        assertThat(node.processes()).contains(probe.pid());
        assertThat(probe.node()).isSameAs(node);
        assertThat(probe.defaultTimeout()).isEqualTo(TestProbe.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(3));
        assertThat(probe).hasToString("TestProbe" + probe.pid());
    }

    @Test
    void aNamedProbeIsRegisteredAndReachableByName() {
        TestProbe probe = TestProbe.spawn(node, "watcher");

        assertThat(node.whereis("watcher")).contains(probe.pid());
        node.send("watcher", "by name");
        assertThat(probe.expectMessage()).isEqualTo("by name");
    }

    @Test
    void theDefaultTimeoutIsPerProbe() {
        TestProbe quick = TestProbe.spawn(node).defaultTimeout(SHORT);
        TestProbe patient = probe();

        assertThat(quick.defaultTimeout()).isEqualTo(SHORT);
        assertThat(patient.defaultTimeout()).isEqualTo(WAIT);
        assertThatThrownBy(quick::expectMessage)
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("within " + SHORT);
        assertThatThrownBy(() -> quick.defaultTimeout(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> quick.expectMessage(Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // ------------------------------------------------------------------ expectMessage

    @Test
    void expectMessageReturnsTheNextMessageInOrder() {
        TestProbe probe = probe();
        node.send(probe.pid(), "first");
        node.send(probe.pid(), 2);

        assertThat(probe.expectMessage()).isEqualTo("first");
        assertThat(probe.expectMessage(WAIT)).isEqualTo(2);
    }

    @Test
    void expectMessageFailsWhenNothingArrivesNamingTheWaitAndTheProbe() {
        TestProbe probe = probe();

        assertThatThrownBy(() -> probe.expectMessage(SHORT))
                .isInstanceOf(AssertionError.class)
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("probe " + probe.pid())
                .hasMessageContaining("expected a message within " + SHORT)
                .hasMessageContaining("nothing arrived")
                .satisfies(e -> assertThat(((ProbeAssertionError) e).probe()).isEqualTo(probe.pid()));
    }

    @Test
    void expectMessageByTypeReturnsItTyped() {
        TestProbe probe = probe();
        node.send(probe.pid(), new Pong(probe.pid()));
        node.send(probe.pid(), 42);

        Pong pong = probe.expectMessage(Pong.class);
        int answer = probe.expectMessage(int.class, WAIT); // a primitive type stands for its box

        assertThat(pong.from()).isEqualTo(probe.pid());
        assertThat(answer).isEqualTo(42);
    }

    @Test
    void expectMessageByTypeFailsOnAnotherTypeNamingBoth() {
        TestProbe probe = probe();
        node.send(probe.pid(), "not a pong");

        assertThatThrownBy(() -> probe.expectMessage(Pong.class))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("probe " + probe.pid())
                .hasMessageContaining("expected a message of type " + Pong.class.getTypeName())
                .hasMessageContaining("but received \"not a pong\" (java.lang.String)");
    }

    @Test
    void expectMessageByTypeFailsWhenNothingArrives() {
        TestProbe probe = probe();

        assertThatThrownBy(() -> probe.expectMessage(Pong.class, SHORT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected a message of type " + Pong.class.getTypeName() + " within " + SHORT)
                .hasMessageContaining("nothing arrived");
    }

    @Test
    void expectMessageEqualToPassesOnAnEqualMessageAndFailsOnAnother() {
        TestProbe probe = probe();
        node.send(probe.pid(), new Pong(probe.pid()));
        node.send(probe.pid(), "bye");

        assertThat(probe.expectMessage(new Pong(probe.pid()))).isEqualTo(new Pong(probe.pid()));
        assertThatThrownBy(() -> probe.expectMessage((Object) "hello"))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected \"hello\" (java.lang.String)")
                .hasMessageContaining("but received \"bye\" (java.lang.String)");
    }

    @Test
    void expectMessageMatchingUsesThePredicateAndItsDescription() {
        TestProbe probe = probe();
        node.send(probe.pid(), 7);
        node.send(probe.pid(), 8);

        assertThat(probe.expectMessage(m -> m instanceof Integer i && i % 2 == 1, "an odd number"))
                .isEqualTo(7);
        assertThatThrownBy(() -> probe.expectMessage(m -> m instanceof Integer i && i % 2 == 1, "an odd number"))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected an odd number within " + WAIT)
                .hasMessageContaining("but received 8 (java.lang.Integer)");
        assertThatThrownBy(() -> probe.expectMessage(m -> true, "anything", SHORT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected anything within " + SHORT)
                .hasMessageContaining("nothing arrived");
    }

    @Test
    void aMessageThatFailsAnExpectationIsConsumed() {
        TestProbe probe = probe();
        node.send(probe.pid(), "wrong");
        node.send(probe.pid(), "right");

        assertThatThrownBy(() -> probe.expectMessage(Integer.class)).isInstanceOf(ProbeAssertionError.class);
        assertThat(probe.expectMessage()).isEqualTo("right");
    }

    // ------------------------------------------------------------------ expectNoMessage

    @Test
    void expectNoMessagePassesWhenNothingArrives() {
        TestProbe probe = probe();

        probe.expectNoMessage(SHORT);

        node.send(probe.pid(), "later");
        assertThat(probe.expectMessage()).isEqualTo("later"); // the probe was listening all along
    }

    @Test
    void expectNoMessageCatchesAStrayMessage() {
        TestProbe probe = probe();
        node.send(probe.pid(), "stray");

        assertThatThrownBy(() -> probe.expectNoMessage(WAIT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("probe " + probe.pid())
                .hasMessageContaining("expected no message within " + WAIT)
                .hasMessageContaining("but received \"stray\" (java.lang.String)");
    }

    // ------------------------------------------------------------------ acting as the probe

    @Test
    void sendGoesFromTheProbeSoAnswersComeBackToIt() {
        TestProbe probe = probe();
        Pid echo = echo();

        Delivery delivery = probe.send(echo, new Ping(probe.pid()));

        assertThat(delivery).isEqualTo(Delivery.ACCEPTED);
        assertThat(probe.expectMessage(Pong.class).from()).isEqualTo(echo);
    }

    @Test
    void messagesSentByTheProbeArriveInOrder() {
        TestProbe probe = probe();
        Pid forwarder = node.spawn(self -> {
            while (true) {
                self.send(probe.pid(), self.receive());
            }
        });

        for (int i = 0; i < 20; i++) {
            probe.send(forwarder, i);
        }
        for (int i = 0; i < 20; i++) {
            assertThat(probe.expectMessage()).isEqualTo(i);
        }
    }

    @Test
    void sendToANameGoesFromTheProbe() {
        TestProbe probe = probe();
        Pid echo = echo();
        node.register("echo", echo);

        probe.send("echo", new Ping(probe.pid()));

        assertThat(probe.expectMessage(Pong.class).from()).isEqualTo(echo);
    }

    @Test
    void sendToADeadProcessReportsNoProcess() {
        TestProbe probe = probe();
        Pid gone = exitsOnCue(ExitReason.normal());
        probe.watch(gone);
        node.send(gone, "go");
        probe.expectDown(gone);

        assertThat(probe.send(gone, "anyone?")).isEqualTo(Delivery.NO_PROCESS);
    }

    @Test
    void controlMessagesNeverShowUpAsReceived() {
        TestProbe probe = probe();
        Pid echo = echo();
        TestProbe other = probe();

        probe.trapExits(true);
        MonitorRef ref = probe.watch(echo);
        probe.link(echo);
        probe.unlink(echo);
        probe.send(other.pid(), "to the other probe");
        probe.trapExits(false);

        assertThat(ref.target()).isEqualTo(echo);
        probe.expectNoMessage(SHORT);
        assertThat(other.expectMessage()).isEqualTo("to the other probe");
        other.expectNoMessage(SHORT);
    }

    @Test
    void aControlActionIsABarrierForMessagesThatCameBeforeIt() {
        TestProbe probe = probe();
        node.send(probe.pid(), "before");

        probe.trapExits(false); // runs on the probe after "before" has been handed over

        assertThat(probe.expectMessage(Duration.ZERO)).isEqualTo("before");
    }

    // ------------------------------------------------------------------ watch and expectDown

    @Test
    void watchDeliversTheDownWithTheExitReason() {
        TestProbe probe = probe();
        Pid worker = exitsOnCue(ExitReason.custom("done"));

        MonitorRef ref = probe.watch(worker);
        node.send(worker, "go");
        Down down = probe.expectDown(worker, ExitReason.custom("done"));

        assertThat(down.ref()).isEqualTo(ref);
        assertThat(down.pid()).isEqualTo(worker);
    }

    @Test
    void expectDownWithoutAReasonAcceptsAnyReason() {
        TestProbe probe = probe();
        Pid crasher = node.spawn(self -> {
            self.receive();
            throw new IllegalStateException("boom");
        });

        probe.watch(crasher);
        node.send(crasher, "go");
        Down down = probe.expectDown(crasher, WAIT);

        assertThat(down.reason())
                .isInstanceOfSatisfying(
                        ExitReason.Crash.class,
                        crash -> assertThat(crash.cause()).hasMessage("boom"));
    }

    @Test
    void watchingADeadProcessGivesNoproc() {
        TestProbe probe = probe();
        Pid gone = exitsOnCue(ExitReason.normal());
        probe.watch(gone);
        node.send(gone, "go");
        probe.expectDown(gone, ExitReason.normal(), WAIT);

        probe.watch(gone);

        probe.expectDown(gone, ExitReason.noproc());
    }

    @Test
    void expectDownFailsOnAMessageThatIsNotADown() {
        TestProbe probe = probe();
        Pid worker = echo();
        probe.watch(worker);
        node.send(probe.pid(), "not a down");

        assertThatThrownBy(() -> probe.expectDown(worker))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("probe " + probe.pid())
                .hasMessageContaining("expected Down of " + worker)
                .hasMessageContaining("but received \"not a down\"");
    }

    @Test
    void expectDownFailsOnTheDownOfAnotherProcess() {
        TestProbe probe = probe();
        Pid first = exitsOnCue(ExitReason.normal());
        Pid second = echo();
        probe.watch(first);
        probe.watch(second);
        node.send(first, "go");

        assertThatThrownBy(() -> probe.expectDown(second))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected Down of " + second)
                .hasMessageContaining("but received Down[")
                .hasMessageContaining("pid=" + first);
    }

    @Test
    void expectDownWithAReasonFailsOnAnotherReason() {
        TestProbe probe = probe();
        Pid worker = exitsOnCue(ExitReason.shutdown());
        probe.watch(worker);
        node.send(worker, "go");

        assertThatThrownBy(() -> probe.expectDown(worker, ExitReason.normal()))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected Down of " + worker + " with reason normal")
                .hasMessageContaining("reason=shutdown");
    }

    @Test
    void expectDownFailsWhenNothingArrives() {
        TestProbe probe = probe();
        Pid worker = echo();
        probe.watch(worker);

        assertThatThrownBy(() -> probe.expectDown(worker, ExitReason.normal(), SHORT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("within " + SHORT)
                .hasMessageContaining("nothing arrived");
    }

    // ------------------------------------------------------------------ link, trapExits and expectExit

    @Test
    void aProbeThatTrapsExitsReceivesTheExitOfALinkedProcess() {
        TestProbe probe = probe();
        Pid worker = exitsOnCue(ExitReason.custom("boom"));

        assertThat(probe.trapExits(true)).isFalse();
        assertThat(probe.trapExits(true)).isTrue();
        probe.link(worker);
        node.send(worker, "go");
        Exit exit = probe.expectExit(worker, ExitReason.custom("boom"));

        assertThat(exit.from()).isEqualTo(worker);
        assertThat(probe.isAlive()).isTrue();
        assertThat(node.info(probe.pid()).orElseThrow().links()).isEmpty();
    }

    @Test
    void expectExitWithoutAReasonAcceptsAnyReason() {
        TestProbe probe = probe();
        probe.trapExits(true);
        Pid worker = echo();
        probe.link(worker);

        node.exit(worker, ExitReason.kill());

        assertThat(probe.expectExit(worker, WAIT).reason()).isEqualTo(ExitReason.killed());
    }

    @Test
    void expectExitFailsOnAnotherReasonOrAnotherSenderOrAnotherMessage() {
        TestProbe probe = probe();
        probe.trapExits(true);
        Pid first = exitsOnCue(ExitReason.custom("one"));
        Pid second = exitsOnCue(ExitReason.custom("two"));
        probe.link(first);
        probe.link(second);

        node.send(first, "go");
        assertThatThrownBy(() -> probe.expectExit(first, ExitReason.custom("other")))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected Exit from " + first + " with reason other")
                .hasMessageContaining("but received Exit[from=" + first + ", reason=one]");

        node.send(second, "go");
        assertThatThrownBy(() -> probe.expectExit(first))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("expected Exit from " + first)
                .hasMessageContaining("but received Exit[from=" + second);

        node.send(probe.pid(), "plain");
        assertThatThrownBy(() -> probe.expectExit(first, ExitReason.custom("one"), WAIT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("but received \"plain\"");
        assertThatThrownBy(() -> probe.expectExit(first, SHORT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("nothing arrived");
    }

    @Test
    void aLinkedCrashEndsAProbeThatDoesNotTrapExits() {
        TestProbe probe = probe();
        TestProbe watcher = probe();
        Pid worker = exitsOnCue(ExitReason.custom("fatal"));

        probe.link(worker);
        watcher.watch(probe.pid());
        node.send(worker, "go");

        watcher.expectDown(probe.pid(), ExitReason.custom("fatal"));
        assertThat(probe.isAlive()).isFalse();
    }

    @Test
    void linkingToADeadProcessWithoutTrappingThrowsNoProcAndTheProbeLivesOn() {
        TestProbe probe = probe();
        Pid gone = exitsOnCue(ExitReason.normal());
        probe.watch(gone);
        node.send(gone, "go");
        probe.expectDown(gone);

        assertThatThrownBy(() -> probe.link(gone)).isInstanceOf(NoProcException.class);
        assertThat(probe.isAlive()).isTrue();

        probe.trapExits(true);
        probe.link(gone);
        probe.expectExit(gone, ExitReason.noproc());
    }

    // ------------------------------------------------------------------ exit and stop

    @Test
    void exitEndsTheProbeWithTheReason() {
        TestProbe probe = probe();
        TestProbe watcher = probe();
        watcher.watch(probe.pid());

        probe.exit(ExitReason.custom("enough"));

        assertThat(probe.isAlive()).isFalse();
        watcher.expectDown(probe.pid(), ExitReason.custom("enough"));
    }

    @Test
    void exitEndsEvenAProbeThatTrapsExits() {
        TestProbe probe = probe();
        TestProbe watcher = probe();
        watcher.watch(probe.pid());
        probe.trapExits(true);

        probe.exit(ExitReason.shutdown());

        watcher.expectDown(probe.pid(), ExitReason.shutdown());
    }

    @Test
    void stopEndsTheProbeNormallyAndIsIdempotent() {
        TestProbe probe = probe();
        TestProbe watcher = probe();
        watcher.watch(probe.pid());

        probe.stop();
        probe.stop();
        probe.exit(ExitReason.kill());

        assertThat(probe.isAlive()).isFalse();
        watcher.expectDown(probe.pid(), ExitReason.normal());
        watcher.expectNoMessage(SHORT);
    }

    @Test
    void controlActionsOnADeadProbeFailClearly() {
        TestProbe probe = probe();
        Pid someone = echo();
        probe.stop();

        assertThatThrownBy(() -> probe.watch(someone))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("probe " + probe.pid())
                .hasMessageContaining("cannot monitor " + someone + ": the probe is not alive");
        assertThatThrownBy(() -> probe.send(someone, "hi"))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("not alive");
        assertThatThrownBy(() -> probe.expectMessage(SHORT))
                .isInstanceOf(ProbeAssertionError.class)
                .hasMessageContaining("nothing arrived (the probe is not alive)");
    }

    @Test
    void messagesReceivedBeforeTheProbeExitedCanStillBeRead() {
        TestProbe probe = probe();
        node.send(probe.pid(), "last words");

        probe.stop();

        assertThat(probe.expectMessage()).isEqualTo("last words");
    }

    // ------------------------------------------------------------------ time

    @Test
    void onAManualClockTheProbesWaitsAreRealTime() {
        ManualClock clock = new ManualClock();
        try (Node manual = Node.start("probe-manual", clock)) {
            TestProbe probe = TestProbe.spawn(manual).defaultTimeout(WAIT);
            manual.sendAfter(probe.pid(), Duration.ofSeconds(10), "tick");
            probe.watch(manual.spawn(ProcessContext::receive));
            probe.send(probe.pid(), "from myself");

            assertThat(clock.pending())
                    .as("only the test's timer is on the clock")
                    .isEqualTo(1);
            assertThat(probe.expectMessage()).isEqualTo("from myself");
            probe.expectNoMessage(SHORT); // returns although the node's clock never moves
            assertThatThrownBy(() -> probe.expectMessage(SHORT))
                    .isInstanceOf(ProbeAssertionError.class)
                    .hasMessageContaining("nothing arrived");

            clock.advance(Duration.ofSeconds(10));

            assertThat(probe.expectMessage()).isEqualTo("tick");
            assertThat(clock.pending()).isZero();
        }
    }

    @Test
    void aProbeThatTrapsExitsLeavesAtOnceWhenItsNodeCloses() {
        Node closing = Node.start("probe-closing");
        TestProbe probe = TestProbe.spawn(closing).defaultTimeout(WAIT);
        probe.trapExits(true);
        Duration grace = Duration.ofSeconds(30);

        long start = System.nanoTime();
        closing.close(grace);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(grace);
        assertThat(closing.processCount()).isZero();
        assertThat(probe.expectMessage(Exit.class)).isEqualTo(new Exit(closing.pid(), ExitReason.shutdown()));
    }
}
