package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.CallTest.Get;
import io.otp4j.genserver.CallTest.Hold;
import io.otp4j.genserver.CallTest.Req;
import io.otp4j.genserver.CallTest.Server;
import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Calls on the system clock park without a timer; the clock's deadline wheel wakes those whose deadline passed. These
 * tests run on the real clock (its waits are what is under test) and bound every wait; none asserts a speed, only
 * that a timeout fires, never early, and that no reply or timeout is lost.
 */
class CallDeadlineTest {

    /** A generous bound for "fired, and not only after the longer timeout of an earlier call". */
    private static final Duration FAR = Duration.ofSeconds(30);

    @Test
    void manyCallersWaitingOnAServerThatNeverAnswersAllTimeOutAndNoneEarly() {
        try (Node node = Node.start("deadline-many")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            int callers = 200;
            List<CompletableFuture<Duration>> outcomes = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                Duration timeout = Duration.ofMillis(20 + (i % 10) * 15); // several buckets, several per bucket
                outcomes.add(Within.spawn(node, self -> {
                    long start = System.nanoTime();
                    assertThatThrownBy(() -> server.call(new Hold(), timeout)).isInstanceOf(CallTimeoutException.class);
                    Duration waited = Within.since(start);
                    assertThat(waited).as("a call never times out early").isGreaterThanOrEqualTo(timeout);
                    return waited;
                }));
            }
            for (CompletableFuture<Duration> outcome : outcomes) {
                assertThat(Within.get(outcome)).isLessThan(FAR);
            }
            assertThat(server.isAlive()).isTrue();
        }
    }

    @Test
    void aShortTimeoutAfterALongOneFiresOnItsOwnDeadline() {
        // The first call queues the caller's slot at its 60 s deadline; the second, shorter call must queue it
        // again at an earlier bucket rather than wait for the first one's.
        try (Node node = Node.start("deadline-shorter")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            Duration waited = Within.inProcess(node, self -> {
                assertThat(server.call(new Get(), Duration.ofSeconds(60))).isZero();
                long start = System.nanoTime();
                assertThatThrownBy(() -> server.call(new Hold(), Duration.ofMillis(50)))
                        .isInstanceOf(CallTimeoutException.class);
                return Within.since(start);
            });
            assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(50)).isLessThan(FAR);
        }
    }

    @Test
    void aCallerReusesItsSlotAcrossTimeoutsAndReplies() throws Exception {
        try (Node node = Node.start("deadline-reuse")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Void> server = GenServer.start(node, impl);
            int rounds = Within.inProcess(node, self -> {
                for (int i = 0; i < 20; i++) {
                    assertThatThrownBy(() -> server.call(new Hold(), Duration.ofMillis(5)))
                            .isInstanceOf(CallTimeoutException.class);
                    assertThat(server.call(new Get(), Duration.ofSeconds(60))).isZero();
                }
                return 20;
            });
            assertThat(rounds).isEqualTo(20);
            assertThat(impl.held).hasSize(20); // each held call reached the server; none was answered late
        }
    }

    @Test
    void noReplyAndNoTimeoutIsLostWhileManyCallersPark() {
        // Callers park on almost every call here (the server is busy with the others), and with a 1 ms timeout
        // they queue their slots again and again while replies come in: a reply's wake-up spent on the sweeper's
        // lock once left a caller parked forever. Each call must end, answered or timed out.
        try (Node node = Node.start("deadline-no-loss")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            int callers = 64;
            int calls = 2_000;
            Duration timeout = Duration.ofMillis(1);
            List<CompletableFuture<int[]>> done = new ArrayList<>();
            for (int i = 0; i < callers; i++) {
                done.add(Within.spawn(node, self -> {
                    int[] answeredAndTimedOut = new int[2];
                    for (int c = 0; c < calls; c++) {
                        try {
                            server.call(new Get(), timeout);
                            answeredAndTimedOut[0]++;
                        } catch (CallTimeoutException e) {
                            answeredAndTimedOut[1]++;
                        }
                    }
                    return answeredAndTimedOut;
                }));
            }
            CompletableFuture.allOf(done.toArray(CompletableFuture[]::new))
                    .orTimeout(FAR.toSeconds() * 2, TimeUnit.SECONDS)
                    .join();
            assertThat(done)
                    .allSatisfy(f -> assertThat(f.join()[0] + f.join()[1]).isEqualTo(calls));
            assertThat(done.stream().mapToInt(f -> f.join()[0]).sum())
                    .as("most calls are answered")
                    .isPositive();
        }
    }

    @Test
    void aCallerOnAPlatformThreadTimesOutToo() {
        try (Node node = Node.start("deadline-platform")) {
            GenServerRef<Req<?>, Void> server = GenServer.start(node, new Server());
            long start = System.nanoTime();
            assertThatThrownBy(() -> server.call(new Hold(), Duration.ofMillis(30)))
                    .isInstanceOf(CallTimeoutException.class);
            assertThat(Within.since(start))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(30))
                    .isLessThan(FAR);
        }
    }
}
