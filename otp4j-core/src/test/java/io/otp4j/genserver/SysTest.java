package io.otp4j.genserver;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Debugging a running server: getState, replaceState, replaceServerState, suspend and resume, statistics, trace and untrace. */
class SysTest {

    record Secretive(int count, String token) {}

    sealed interface Req<R> extends Call<R> {}

    record Count() implements Req<Integer> {}

    record Bump() implements Req<Integer> {} // replies with the new count, then continues

    sealed interface Msg {}

    record Add(int n) implements Msg {}

    static final class Server implements GenServer<Secretive, Req<?>, Msg> {
        final List<Object> handled = new CopyOnWriteArrayList<>();

        @Override
        public Init<Secretive> init(ProcessContext self) {
            return Init.ok(new Secretive(0, "s3cr3t"));
        }

        @Override
        public CallResult<Secretive> handleCall(Req<?> request, From from, Secretive s) {
            handled.add(request);
            return switch (request) {
                case Count c -> reply(c, s.count(), s);
                case Bump b ->
                    reply(b, s.count() + 1, new Secretive(s.count() + 1, s.token()))
                            .thenContinue("bumped");
            };
        }

        @Override
        public Result<Secretive> handleCast(Msg message, Secretive s) {
            handled.add(message);
            return switch (message) {
                case Add add -> noReply(new Secretive(s.count() + add.n(), s.token()));
            };
        }

        @Override
        public Result<Secretive> handleInfo(Object message, Secretive s) {
            handled.add(message);
            return noReply(s);
        }

        @Override
        public Result<Secretive> handleContinue(Object argument, Secretive s) {
            return noReply(s);
        }

        @Override
        public Object formatStatus(Secretive s) {
            return "count=" + s.count();
        }
    }

    @Test
    void getStateShowsTheStateThroughFormatStatus() {
        try (Node node = Node.start("sys-get")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Server());
            server.cast(new Add(4));
            assertThat(Sys.getState(server)).isEqualTo("count=4");
        }
    }

    @Test
    void replaceStateChangesTheStateBetweenMessages() {
        try (Node node = Node.start("sys-replace")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Server());
            Object shown = Sys.<Secretive>replaceState(server, s -> new Secretive(41, s.token()));
            int count = server.call(new Count());
            assertThat(shown).isEqualTo("count=41");
            assertThat(count).isEqualTo(41);
        }
    }

    @Test
    void replaceServerStateGivesTheRunningServerItselfOnItsThread() {
        try (Node node = Node.start("sys-replace-server")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, impl);
            server.cast(new Add(2));
            List<Object> seen = new CopyOnWriteArrayList<>();
            Object shown = Sys.<Secretive>replaceServerState(server, (running, s) -> {
                seen.add(running);
                seen.add(Thread.currentThread());
                return new Secretive(s.count() * 10, s.token());
            });
            assertThat(shown).isEqualTo("count=20");
            assertThat(server.call(new Count())).isEqualTo(20);
            assertThat(seen).hasSize(2);
            assertThat(seen.get(0)).isSameAs(impl);
            assertThat(seen.get(1)).isNotSameAs(Thread.currentThread());
        }
    }

    @Test
    void aSuspendedServerAnswersOnlyDebuggingRequestsThenHandlesTheQueueInOrder() {
        try (Node node = Node.start("sys-suspend")) {
            Server impl = new Server();
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, impl);
            Sys.statistics(server, true);
            Sys.suspend(server);

            server.cast(new Add(1));
            PendingCall<Integer> count = server.sendRequest(new Count());
            node.send(server.pid(), "info");
            server.cast(new Add(2));

            assertThat(Sys.getState(server))
                    .as("debugging requests are still answered")
                    .isEqualTo("count=0");
            assertThat(Sys.statistics(server).casts()).isZero();
            assertThat(count.check()).isEmpty();
            assertThat(impl.handled).isEmpty();
            assertThat(node.info(server.pid()).orElseThrow().mailboxLength()).isEqualTo(4);

            Sys.resume(server);

            assertThat(count.await(Within.WAIT)).isEqualTo(1);
            assertThat(server.call(new Count())).isEqualTo(3);
            assertThat(impl.handled).containsExactly(new Add(1), new Count(), "info", new Add(2), new Count());
        }
    }

    @Test
    void statisticsCountWhatTheServerHandledWhileCollectionIsOn() {
        try (Node node = Node.start("sys-stats")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Server());
            server.call(new Count());
            assertThat(Sys.statistics(server))
                    .as("off by default, as in OTP")
                    .isEqualTo(new Statistics(false, 0, 0, 0, 0, 0, 0));
            Sys.statistics(server, true);
            server.call(new Count());
            server.call(new Bump());
            server.cast(new Add(1));
            server.cast(new Add(1));
            server.cast(new Add(1));
            node.send(server.pid(), "hello");
            server.call(new Count());

            assertThat(Sys.statistics(server)).isEqualTo(new Statistics(true, 3, 3, 1, 1, 0, 0));

            Sys.statistics(server, false);
            server.call(new Count());
            assertThat(Sys.statistics(server)).isEqualTo(new Statistics(false, 0, 0, 0, 0, 0, 0));
            Sys.statistics(server, true);
            server.cast(new Add(1));
            assertThat(Sys.statistics(server))
                    .as("turned on again: from zero")
                    .isEqualTo(new Statistics(true, 0, 1, 0, 0, 0, 0));
        }
    }

    @Test
    void traceReportsEachStepAndUntraceStopsIt() {
        try (Node node = Node.start("sys-trace")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Server());
            List<TraceEvent> events = new CopyOnWriteArrayList<>();
            Sys.trace(server, events::add);

            server.call(new Count());
            server.cast(new Add(2));
            node.send(server.pid(), "ping");
            server.call(new Bump());
            Sys.suspend(server);
            assertThatThrownBy(() -> server.call(new Count(), Duration.ofMillis(20)))
                    .isInstanceOf(CallTimeoutException.class);
            Sys.resume(server);
            Sys.getState(server); // a barrier: the skipped call has been looked at by now

            assertThat(events).allSatisfy(e -> assertThat(e.server()).isEqualTo(server.pid()));
            assertThat(events)
                    .extracting(TraceEvent::kind, TraceEvent::message)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.CALL, new Count()),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.REPLY, new Count()),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.CAST, new Add(2)),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.INFO, "ping"),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.CALL, new Bump()),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.REPLY, new Bump()),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.CONTINUE, "bumped"),
                            org.assertj.core.groups.Tuple.tuple(TraceEvent.Kind.SKIPPED, new Count()));
            assertThat(events.get(1).detail()).isEqualTo("0");

            Sys.untrace(server);
            int before = events.size();
            server.call(new Count());
            server.cast(new Add(1));
            Sys.getState(server);
            assertThat(events).hasSize(before);

            Sys.trace(server, events::add);
            server.stop(ExitReason.shutdown(), Within.WAIT);
            assertThat(events.getLast().kind()).isEqualTo(TraceEvent.Kind.STOP);
            assertThat(events.getLast().message()).isEqualTo(ExitReason.shutdown());
        }
    }

    @Test
    void debuggingAServerThatIsGoneFails() {
        try (Node node = Node.start("sys-dead")) {
            GenServerRef<Req<?>, Msg> server = GenServer.start(node, new Server());
            server.stop();
            assertThatThrownBy(() -> Sys.getState(server)).isInstanceOf(ServerExitedException.class);
            assertThatThrownBy(() -> Sys.statistics(server)).isInstanceOf(ServerExitedException.class);
        }
    }
}
