package io.otp4j.genserver;

import static io.otp4j.genserver.Results.awaiting;
import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MailboxConfig;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A callback's result that awaits a message ({@link Results#awaiting}): the server takes that message before any
 * other, hands it to the result's function, and only then replies, stops or takes the next message, on a thread of
 * its own or pooled.
 */
class AwaitingResultTest {

    private static final Duration CALL = Duration.ofSeconds(30);

    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void closeCallers() {
        callers.close();
    }

    sealed interface Req<R> extends Call<R> {}

    /** Answers with what {@link Answer}s tagged {@code tag} carry, once one comes. */
    record Ask(String tag) implements Req<Integer> {}

    /** As {@link Ask}, but needs two answers, {@code tag} then {@code tag + "2"}, and answers their sum. */
    record AskTwice(String tag) implements Req<Integer> {}

    /** As {@link Ask}, but the answer's handling throws. */
    record AskAndFail(String tag) implements Req<Integer> {}

    /** Answers with the length of the next plain message, whatever it is. */
    record AskAny() implements Req<Integer> {}

    record Log() implements Req<List<String>> {}

    /** What a server awaits. */
    record Answer(String tag, int value) {}

    /** A cast that awaits {@code tag}'s answer, then notes it, or replies if {@code reply}, which no cast can. */
    record AwaitInCast(String tag, boolean reply) {}

    /** Notes every message in its state, in the order handled; tells {@link #waiting} once a callback awaits. */
    static final class Asker implements GenServer<List<String>, Req<?>, Object> {
        final CountDownLatch waiting;

        Asker(int awaits) {
            this.waiting = new CountDownLatch(awaits);
        }

        @Override
        public Init<List<String>> init(ProcessContext self) {
            return Init.ok(List.of());
        }

        @Override
        public CallResult<List<String>> handleCall(Req<?> request, From from, List<String> log) {
            return switch (request) {
                case Ask ask ->
                    awaitingThen(log, ask.tag(), a -> reply(ask, a.value(), with(log, "answered " + ask.tag())));
                case AskTwice twice ->
                    awaitingThen(
                            log,
                            twice.tag(),
                            first -> awaiting(
                                    log,
                                    tagged(twice.tag() + "2"),
                                    second -> reply(
                                            twice,
                                            first.value() + ((Answer) second).value(),
                                            with(log, "answered twice " + twice.tag()))));
                case AskAndFail fail ->
                    awaitingThen(log, fail.tag(), a -> {
                        throw new IllegalStateException("the answer to " + fail.tag() + " was refused");
                    });
                case AskAny any -> {
                    waiting.countDown();
                    yield awaiting(
                            log, m -> true, m -> reply(any, m.toString().length(), with(log, "answered any " + m)));
                }
                case Log l -> reply(l, log, log);
            };
        }

        private Result.NoReply<List<String>> awaitingThen(
                List<String> log, String tag, java.util.function.Function<Answer, CallResult<List<String>>> then) {
            waiting.countDown();
            return awaiting(log, tagged(tag), m -> then.apply((Answer) m));
        }

        @Override
        public Result<List<String>> handleCast(Object request, List<String> log) {
            if (request instanceof AwaitInCast cast) {
                waiting.countDown();
                return awaiting(
                        log,
                        tagged(cast.tag()),
                        m -> cast.reply()
                                ? reply(new Ask(cast.tag()), 0, log)
                                : noReply(with(log, "cast answered " + cast.tag())));
            }
            return noReply(with(log, "cast " + request));
        }

        @Override
        public Result<List<String>> handleInfo(Object message, List<String> log) {
            return noReply(with(log, "info " + message));
        }

        private static java.util.function.Predicate<Object> tagged(String tag) {
            return m -> m instanceof Answer a && a.tag().equals(tag);
        }

        private static List<String> with(List<String> log, String entry) {
            List<String> more = new ArrayList<>(log);
            more.add(entry);
            return List.copyOf(more);
        }
    }

    private static GenServerRef<Req<?>, Object> start(Node node, Asker asker, boolean pooled) {
        return GenServer.start(node, asker, pooled ? StartOptions.defaults().withPooled() : StartOptions.defaults());
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void theAwaitedMessageFinishesTheCallAndTheMessagesBeforeItFollowInOrder(boolean pooled) {
        try (Node node = Node.start("awaiting-order")) {
            Asker asker = new Asker(1);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new Ask("a"), CALL), callers);
            Within.await(asker.waiting);

            node.send(server.pid(), "first");
            server.cast("second");
            node.send(server.pid(), new Answer("b", 7)); // not the awaited one: it waits its turn too
            node.send(server.pid(), new Answer("a", 42));

            assertThat(Within.get(asked)).isEqualTo(42);
            assertThat(server.call(new Log(), CALL))
                    .containsExactly("answered a", "info first", "cast second", "info Answer[tag=b, value=7]");
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void callsAndCastsNeverAnswerAnAwaitedResult(boolean pooled) {
        try (Node node = Node.start("awaiting-plain")) {
            Asker asker = new Asker(1);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new AskAny(), CALL), callers);
            Within.await(asker.waiting);
            server.cast("a cast");
            CompletableFuture<List<String>> logged =
                    CompletableFuture.supplyAsync(() -> server.call(new Log(), CALL), callers);
            Within.eventually(
                    "the second call is queued",
                    () -> node.info(server.pid())
                            .map(info -> info.mailboxLength() == 2)
                            .orElse(false));
            node.send(server.pid(), "hello");

            assertThat(Within.get(asked)).isEqualTo(5);
            assertThat(Within.get(logged)).containsExactly("answered any hello", "cast a cast");
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void anAwaitedResultMayAwaitAgainAndACastMayAwaitToo(boolean pooled) {
        try (Node node = Node.start("awaiting-chain")) {
            Asker asker = new Asker(2);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new AskTwice("t"), CALL), callers);
            Within.eventually("the call awaits", () -> asker.waiting.getCount() == 1);
            server.cast(new AwaitInCast("c", false));
            node.send(server.pid(), new Answer("t", 1));
            node.send(server.pid(), new Answer("c", 0)); // the cast's: taken once the call is done
            node.send(server.pid(), "between");
            node.send(server.pid(), new Answer("t2", 2));

            assertThat(Within.get(asked)).isEqualTo(3);
            Within.await(asker.waiting);
            assertThat(server.call(new Log(), CALL))
                    .containsExactly("answered twice t", "cast answered c", "info between");
        }
    }

    @Test
    void aPooledServerHoldsNoThreadWhileItAwaits() {
        try (Node node = Node.start("awaiting-pooled")) {
            int servers = 64;
            Asker asker = new Asker(servers);
            List<GenServerRef<Req<?>, Object>> refs = new ArrayList<>();
            List<CompletableFuture<Integer>> asked = new ArrayList<>();
            for (int i = 0; i < servers; i++) {
                GenServerRef<Req<?>, Object> server = start(node, asker, true);
                refs.add(server);
                asked.add(CompletableFuture.supplyAsync(() -> server.call(new Ask("x"), CALL), callers));
            }
            Within.await(asker.waiting);
            // Each awaits its answer with no thread: no worker, and no caller's lent thread, is held by any.
            for (GenServerRef<Req<?>, Object> server : refs) {
                Within.eventually("a server awaiting holds no thread", () -> server.core().thread == null);
                assertThat(asked.get(refs.indexOf(server))).isNotDone();
            }
            for (int i = 0; i < servers; i++) {
                node.send(refs.get(i).pid(), new Answer("x", i));
            }
            for (int i = 0; i < servers; i++) {
                assertThat(Within.get(asked.get(i))).isEqualTo(i);
            }
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void anAwaitedResultThatThrowsCrashesTheServerAndTheCallerLearnsWhy(boolean pooled) {
        try (Node node = Node.start("awaiting-crash")) {
            Asker asker = new Asker(1);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new AskAndFail("f"), CALL), callers);
            Within.await(asker.waiting);
            node.send(server.pid(), new Answer("f", 1));

            assertThatThrownBy(() -> Within.get(asked))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason())
                                    .isInstanceOfSatisfying(
                                            ExitReason.Crash.class,
                                            c -> assertThat(c.cause()).hasMessage("the answer to f was refused")));
            assertThat(Within.get(down).reason()).isInstanceOf(ExitReason.Crash.class);
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void aServerKilledWhileItAwaitsFailsItsCallerWithTheReasonAtOnce(boolean pooled) {
        try (Node node = Node.start("awaiting-killed")) {
            Asker asker = new Asker(1);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new Ask("k"), CALL), callers);
            Within.await(asker.waiting);
            long start = System.nanoTime();
            node.exit(server.pid(), ExitReason.kill());

            assertThatThrownBy(() -> Within.get(asked))
                    .isInstanceOfSatisfying(
                            ServerExitedException.class,
                            e -> assertThat(e.reason()).isEqualTo(ExitReason.killed()));
            assertThat(Within.since(start)).isLessThan(Within.WAIT);
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void aCastWhoseAwaitedResultRepliesCrashesWithAnErrorSayingSo(boolean pooled) {
        try (Node node = Node.start("awaiting-cast-reply")) {
            Asker asker = new Asker(1);
            GenServerRef<Req<?>, Object> server = start(node, asker, pooled);
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            server.cast(new AwaitInCast("r", true));
            Within.await(asker.waiting);
            node.send(server.pid(), new Answer("r", 1));

            assertThat(Within.get(down).reason())
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class,
                            c -> assertThat(c.cause())
                                    .isInstanceOf(IllegalStateException.class)
                                    .hasMessageContaining("no caller to reply to"));
        }
    }

    @ParameterizedTest(name = "pooled: {0}")
    @ValueSource(booleans = {false, true})
    void anAnswerDeliveredAsAnAnswerPassesAFullBoundedMailbox(boolean pooled) {
        try (Node node = Node.start("awaiting-bounded")) {
            Asker asker = new Asker(1);
            StartOptions options = StartOptions.defaults()
                    .withMailbox(MailboxConfig.bounded(2, io.otp4j.process.OverflowPolicy.REJECT));
            GenServerRef<Req<?>, Object> server = GenServer.start(node, asker, pooled ? options.withPooled() : options);
            CompletableFuture<Integer> asked =
                    CompletableFuture.supplyAsync(() -> server.call(new Ask("m"), CALL), callers);
            Within.await(asker.waiting);
            server.cast("one");
            server.cast("two");
            assertThatThrownBy(() -> server.cast("three")).isInstanceOf(io.otp4j.process.MailboxFullException.class);

            Engine.get().deliverAnswer(server.pid(), new Answer("m", 5));

            assertThat(Within.get(asked)).isEqualTo(5);
            // Room for the call that reads the log once the casts behind the answer are handled.
            Within.eventually(
                    "the casts are handled",
                    () -> node.info(server.pid())
                            .map(info -> info.mailboxLength() == 0)
                            .orElse(false));
            assertThat(server.call(new Log(), CALL)).containsExactly("answered m", "cast one", "cast two");
        }
    }
}
