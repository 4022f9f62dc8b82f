package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A caller's context, carried by a {@link ContextCarrier} through call, cast and send into the handler. */
class ContextCarrierTest {

    /** The context of the thread: what a tracing or logging library keeps in a thread-local. */
    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** Carries {@link #CURRENT}, and keeps the order of its attaches and detaches. */
    private static final class ThreadLocalCarrier implements ContextCarrier<String> {
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable String capture() {
            return CURRENT.get();
        }

        @Override
        public Attached attach(String context) {
            String before = CURRENT.get();
            CURRENT.set(context);
            log.add("attach " + context);
            return () -> {
                log.add("detach " + context);
                if (before == null) {
                    CURRENT.remove();
                } else {
                    CURRENT.set(before);
                }
            };
        }
    }

    private static Object current() {
        return Objects.requireNonNullElse(CURRENT.get(), "none");
    }

    @AfterEach
    void clear() {
        CURRENT.remove();
    }

    @Test
    void callCastAndSendCarryTheCallersContextIntoTheirHandlers() {
        try (Node node = Node.start("ctx-flow")) {
            ThreadLocalCarrier carrier = new ThreadLocalCarrier();
            Observation.of(node).carry(carrier);
            Echo echo = new Echo(ContextCarrierTest::current);
            GenServerRef<Echo.Req<?>, Echo.Cast> server = GenServer.start(node, echo);

            CURRENT.set("call-ctx");
            server.call(new Echo.Ping("p"));
            CURRENT.set("cast-ctx");
            server.cast(new Echo.Note("n"));
            CURRENT.set("send-ctx");
            node.send(server.pid(), "info");
            CURRENT.remove();
            server.call(new Echo.Ping("bare"));

            assertThat(echo.saw)
                    .extracting(Echo.Saw::callback, Echo.Saw::context)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("call", "call-ctx"),
                            org.assertj.core.groups.Tuple.tuple("cast", "cast-ctx"),
                            org.assertj.core.groups.Tuple.tuple("info", "send-ctx"),
                            org.assertj.core.groups.Tuple.tuple("call", "none"));
            assertThat(echo.saw.get(2).message()).isEqualTo("info"); // the handler never sees a wrapper
            assertThat(carrier.log)
                    .containsExactly(
                            "attach call-ctx", "detach call-ctx",
                            "attach cast-ctx", "detach cast-ctx",
                            "attach send-ctx", "detach send-ctx");
        }
    }

    @Test
    void aDeferredReplyIsSentUnderTheContextOfTheMessageBeingHandled() {
        try (Node node = Node.start("ctx-deferred")) {
            Observation.of(node).carry(new ThreadLocalCarrier());
            Echo echo = new Echo(ContextCarrierTest::current);
            GenServerRef<Echo.Req<?>, Echo.Cast> server = GenServer.start(node, echo);

            CURRENT.set("caller-a");
            CompletionStage<String> held = server.callAsync(new Echo.Hold());
            Eventually.until(() -> echo.saw.size() == 1, "the call is held");
            CURRENT.set("releaser-b");
            server.cast(new Echo.Release("answered"));

            assertThat(Within.get(held.toCompletableFuture())).isEqualTo("answered");
            assertThat(echo.saw)
                    .extracting(Echo.Saw::callback, Echo.Saw::context)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("call", "caller-a"),
                            org.assertj.core.groups.Tuple.tuple("cast", "releaser-b"));
        }
    }

    @Test
    void aPlainProcessReceivesTheMessageItselfAndSelectiveReceiveKeepsItsOrder() {
        try (Node node = Node.start("ctx-plain")) {
            Observation.of(node).carry(new ThreadLocalCarrier());
            CompletableFuture<List<Object>> got = new CompletableFuture<>();
            Pid receiver = node.spawn(self -> {
                Integer number = self.receive(Integer.class); // passes over the two strings
                Object first = self.receive();
                Object second = self.receive(m -> m.equals("second"));
                got.complete(List.of(number, first, second));
            });

            CURRENT.set("sender");
            node.send(receiver, "first");
            node.send(receiver, "second");
            node.send(receiver, 7);

            assertThat(Within.get(got)).containsExactly(7, "first", "second");
        }
    }

    @Test
    void nothingIsCarriedWhenTheCarrierCapturesNothingOrIsRemoved() {
        try (Node node = Node.start("ctx-none")) {
            ThreadLocalCarrier carrier = new ThreadLocalCarrier();
            Observation.Installed installed = Observation.of(node).carry(carrier);
            Echo echo = new Echo(ContextCarrierTest::current);
            GenServerRef<Echo.Req<?>, Echo.Cast> server = GenServer.start(node, echo);

            server.call(new Echo.Ping("no context on this thread"));
            installed.close();
            CURRENT.set("after-removal");
            server.call(new Echo.Ping("carrier gone"));

            assertThat(echo.saw).extracting(Echo.Saw::context).containsExactly("none", "none");
            assertThat(carrier.log).isEmpty();
        }
    }

    @Test
    void aServerCallingAnotherPassesOnTheContextAttachedToIt() {
        try (Node node = Node.start("ctx-chain")) {
            Observation.of(node).carry(new ThreadLocalCarrier());
            Echo back = new Echo(ContextCarrierTest::current);
            GenServerRef<Echo.Req<?>, Echo.Cast> backend = GenServer.start(node, back);
            List<Object> frontSaw = new CopyOnWriteArrayList<>();
            Echo front = new Echo(() -> {
                frontSaw.add(current());
                return backend.call(new Echo.Ping("inner")); // made while the caller's context is attached
            });
            GenServerRef<Echo.Req<?>, Echo.Cast> frontend = GenServer.start(node, front);

            CURRENT.set("edge");
            frontend.call(new Echo.Ping("outer"));

            assertThat(frontSaw).containsExactly("edge");
            assertThat(back.saw).extracting(Echo.Saw::context).containsExactly("edge");
        }
    }
}
