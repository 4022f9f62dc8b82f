package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.elsewhere.Secret;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.PendingCall;
import io.otp4j.genserver.RequestId;
import io.otp4j.genserver.Response;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * GenServer calls and casts between nodes of one JVM over JGroups' shared loopback: typed as locally, answered
 * or failed as locally, and failed at once with {@code noconnection} when the server's node is not there.
 */
class RemoteCallTest extends TwoMembers {

    private static final Duration BOUND = Duration.ofSeconds(10);

    /** A counter whose calls cross nodes. */
    public static final class Counter implements GenServer<Integer, Counter.Req<?>, Counter.Add> {
        public sealed interface Req<R> extends Call<R> {}

        public record Get() implements Req<Integer> {}

        public record Echo(String text) implements Req<String> {}

        /** Never answered: the server keeps the From, for a late reply or none. */
        public record Hold() implements Req<Integer> {}

        public record Crash(String why) implements Req<Integer> {}

        /** A reply whose class no node allows. */
        public record Leak() implements Req<Object> {}

        public record Add(int n) {}

        final List<From> held = new ArrayList<>();
        final List<Hold> heldRequests = new ArrayList<>();
        final CountDownLatch holding = new CountDownLatch(1);

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Req<?> request, From from, Integer n) {
            return switch (request) {
                case Get get -> reply(get, n, n);
                case Echo echo -> reply(echo, echo.text() + "@" + n, n);
                case Hold hold -> {
                    held.add(from);
                    heldRequests.add(hold);
                    holding.countDown();
                    yield noReply(n);
                }
                case Crash crash -> throw new IllegalStateException(crash.why());
                case Leak leak -> reply(leak, new Secret("x"), n);
            };
        }

        @Override
        public Result<Integer> handleCast(Add add, Integer n) {
            return noReply(n + add.n());
        }
    }

    /** Another server type, for a reference of the wrong type. */
    public static final class Other implements GenServer<String, Counter.Req<?>, Counter.Add> {
        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok("other");
        }
    }

    static final ServerType<Counter.Req<?>, Counter.Add> COUNTER = ServerType.of(Counter.class);

    RemoteCallTest() {
        super("call");
    }

    private Counter startCounter(String name) {
        Counter counter = new Counter();
        GenServer.start(b.node(), counter, StartOptions.defaults().withName(name));
        return counter;
    }

    @Test
    void aCallByNameOnAnotherNodeIsAnsweredTypedAsLocally() {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        String echoed = ref.call(new Counter.Echo("hi"));
        ref.cast(new Counter.Add(3));
        int after = ref.call(new Counter.Get());

        assertThat(echoed).isEqualTo("hi@0");
        assertThat(after)
                .as("the cast came before the next call from the same caller")
                .isEqualTo(3);
        assertThat(ref.isAlive()).isTrue();
        assertThat(ref.node()).isSameAs(a.node());
    }

    @Test
    void aCallByPidReachesTheServerThatPidNames() {
        startCounter("counter");
        Pid pid = Members.seenFrom(a.node(), b.node().whereis("counter").orElseThrow());
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.of(a.node(), pid, COUNTER).orElseThrow();

        ref.cast(new Counter.Add(5));
        assertThat(ref.call(new Counter.Get())).isEqualTo(5);
        assertThat(ref.pid()).isEqualTo(pid);
    }

    @Test
    void sendRequestAndCallAsyncCrossToo() throws Exception {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        PendingCall<String> pending = ref.sendRequest(new Counter.Echo("later"));
        CompletableFuture<String> async =
                ref.callAsync(new Counter.Echo("async")).toCompletableFuture();

        assertThat(pending.await(BOUND)).isEqualTo("later@0");
        assertThat(async.get(BOUND.toSeconds(), TimeUnit.SECONDS)).isEqualTo("async@0");
    }

    @Test
    void aResponseFromAnotherNodesServerComesAsAMessageToTheAskingProcess() {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);
        TestProbe asker = TestProbe.spawn(a.node());

        RequestId<String> echo = ref.sendRequest(new Counter.Echo("message"), asker.pid());
        RequestId<Integer> crash = ref.sendRequest(new Counter.Crash("boom"), asker.pid());

        // One server answers in order: the reply, then the failure of the call it crashed on.
        Response<String> replied = echo.responseIn(asker.expectMessage(BOUND)).orElseThrow();
        assertThat(replied.reply()).isEqualTo("message@0");
        Response<Integer> failed = crash.responseIn(asker.expectMessage(BOUND)).orElseThrow();
        assertThatThrownBy(failed::reply)
                .isInstanceOfSatisfying(
                        ServerExitedException.class,
                        e -> assertThat(e.reason().toString()).contains("boom"));
        asker.stop();
    }

    @Test
    void aRequestWaitingOnANodeThatIsLostGetsAFailedResponseWithNoconnection() throws Exception {
        Counter counter = startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);
        TestProbe asker = TestProbe.spawn(a.node());
        RequestId<Integer> held = ref.sendRequest(new Counter.Hold(), asker.pid());
        assertThat(counter.holding.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        b.close();

        Response<Integer> failed = held.responseIn(asker.expectMessage(BOUND)).orElseThrow();
        assertThatThrownBy(failed::reply)
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noconnection()));
        asker.stop();
    }

    @Test
    void aCallThatTimesOutFailsAndItsLateReplyIsDropped() throws Exception {
        Counter counter = startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        assertThatThrownBy(() -> ref.call(new Counter.Hold(), Duration.ofMillis(200)))
                .isInstanceOf(CallTimeoutException.class);
        assertThat(counter.holding.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Eventually.until(() -> a.route().calls().waiting() == 0, "the timed-out call is forgotten");

        // The late reply crosses and is dropped: the next call gets its own answer, not the stale one.
        assertThat(counter.held.get(0).reply(counter.heldRequests.get(0), 99))
                .as("the server's side of the call still takes the reply")
                .isTrue();
        assertThat(ref.call(new Counter.Echo("next"))).isEqualTo("next@0");
        assertThat(a.route().calls().waiting()).isZero();
    }

    @Test
    void anAsyncCallThatTimesOutCompletesWithTheTimeoutAndIsForgotten() throws Exception {
        Counter counter = startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        CompletableFuture<Integer> async =
                ref.callAsync(new Counter.Hold(), Duration.ofMillis(200)).toCompletableFuture();

        assertThat(async)
                .failsWithin(BOUND)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOf(CallTimeoutException.class);
        assertThat(counter.holding.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        Eventually.until(() -> a.route().calls().waiting() == 0, "the timed-out call is forgotten");
    }

    @Test
    void aServerThatCrashesDuringACallFailsTheCallWithItsReason() {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        assertThatThrownBy(() -> ref.call(new Counter.Crash("boom"), BOUND))
                .isInstanceOfSatisfying(ServerExitedException.class, e -> {
                    assertThat(e.reason().isNormal()).isFalse();
                    assertThat(e.reason().toString()).contains("boom");
                });
    }

    @Test
    void aNameNobodyHoldsOrAServerOfAnotherTypeAnswersNoproc() {
        GenServer.start(b.node(), new Other(), StartOptions.defaults().withName("other"));
        GenServerRef<Counter.Req<?>, Counter.Add> nobody =
                GenServerRef.named(a.node(), b.node().name(), "nobody", COUNTER);
        GenServerRef<Counter.Req<?>, Counter.Add> wrongType =
                GenServerRef.named(a.node(), b.node().name(), "other", COUNTER);

        assertThatThrownBy(() -> nobody.call(new Counter.Get(), BOUND))
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
        assertThatThrownBy(() -> wrongType.call(new Counter.Get(), BOUND))
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noproc()));
    }

    @Test
    void aCallToANodeThatIsNotConnectedFailsAtOnceWithNoconnection() {
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), "no-such-node", "counter", COUNTER);

        // A minute's timeout: only an immediate failure lets this test end within its bound.
        CompletableFuture<Throwable> failure = CompletableFuture.supplyAsync(() -> {
            try {
                ref.call(new Counter.Get(), Duration.ofMinutes(1));
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        assertThat(failure).succeedsWithin(BOUND).isInstanceOfSatisfying(ServerExitedException.class, e -> {
            assertThat(e.reason()).isEqualTo(ExitReason.noconnection());
            assertThat(e.server().node()).isEqualTo("no-such-node");
        });
        assertThat(ref.isAlive()).isFalse();
    }

    @Test
    void aCallWaitingOnANodeThatIsLostFailsAtOnceWithNoconnection() throws Exception {
        Counter counter = startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);
        CompletableFuture<Integer> waiting =
                ref.callAsync(new Counter.Hold(), Duration.ofMinutes(1)).toCompletableFuture();
        assertThat(counter.holding.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();

        b.close();

        assertThat(waiting)
                .failsWithin(BOUND)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .havingCause()
                .isInstanceOfSatisfying(
                        ServerExitedException.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.noconnection()));
    }

    @Test
    void aRequestOrReplyThatIsNotAllowedFailsWithAnErrorNamingItsClass() {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);

        assertThatThrownBy(() -> ref.call(new Counter.Leak(), BOUND))
                .isInstanceOfSatisfying(
                        ServerExitedException.class,
                        e -> assertThat(e.reason().toString()).contains(Secret.class.getName()));
        assertThat(a.route().calls().waiting()).isZero();
    }

    @Test
    void manyCallersOnOneNodeEachGetTheirOwnAnswers() throws Exception {
        startCounter("counter");
        GenServerRef<Counter.Req<?>, Counter.Add> ref =
                GenServerRef.named(a.node(), b.node().name(), "counter", COUNTER);
        List<CompletableFuture<List<String>>> callers = new ArrayList<>();
        for (int c = 0; c < 8; c++) {
            int caller = c;
            callers.add(CompletableFuture.supplyAsync(() -> {
                List<String> answers = new ArrayList<>();
                for (int i = 0; i < 200; i++) {
                    answers.add(ref.call(new Counter.Echo(caller + ":" + i), BOUND));
                }
                return answers;
            }));
        }
        for (int c = 0; c < 8; c++) {
            List<String> answers = callers.get(c).get(BOUND.toSeconds() * 3, TimeUnit.SECONDS);
            for (int i = 0; i < 200; i++) {
                assertThat(answers.get(i)).isEqualTo(c + ":" + i + "@0");
            }
        }
        assertThat(a.route().calls().waiting()).isZero();
    }
}
