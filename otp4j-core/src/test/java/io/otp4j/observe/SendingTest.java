package io.otp4j.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What a carrier is told at capture ({@link Sending}), and that observers run while the context is attached. */
class SendingTest {

    private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

    /** Records each {@link Sending}, carries a context naming it, and logs attaches and detaches. */
    private static final class SendingCarrier implements ContextCarrier<String> {
        final List<Sending> sent = new CopyOnWriteArrayList<>();
        final List<String> log = new CopyOnWriteArrayList<>();

        @Override
        public @Nullable String capture() {
            throw new AssertionError("core calls capture(Sending)");
        }

        @Override
        public @Nullable String capture(Sending sending) {
            sent.add(sending);
            return sending.kind().name();
        }

        @Override
        public Attached attach(String context) {
            CURRENT.set(context);
            log.add("attach " + context);
            return () -> {
                log.add("detach " + context);
                CURRENT.remove();
            };
        }
    }

    @AfterEach
    void clear() {
        CURRENT.remove();
    }

    @Test
    void theCarrierIsToldWhetherItIsACallACastOrASendAndToWhom() {
        try (Node node = Node.start("sending")) {
            SendingCarrier carrier = new SendingCarrier();
            Observation.of(node).carry(carrier);
            Echo echo = new Echo(() -> "-");
            GenServerRef<Echo.Req<?>, Echo.Cast> server =
                    GenServer.start(node, echo, StartOptions.defaults().withName("echo"));

            server.call(new Echo.Ping("p"));
            server.cast(new Echo.Note("n"));
            node.send(server.pid(), "info");

            assertThat(carrier.sent)
                    .containsExactly(
                            new Sending(Sending.Kind.CALL, server.pid(), "echo", Echo.Ping.class),
                            new Sending(Sending.Kind.CAST, server.pid(), null, Echo.Note.class),
                            new Sending(Sending.Kind.SEND, server.pid(), null, String.class));
        }
    }

    @Test
    void observersAreToldThatAMessageWasHandledWhileItsContextIsStillAttached() {
        try (Node node = Node.start("sending-order")) {
            SendingCarrier carrier = new SendingCarrier();
            List<String> seenInHandled = new CopyOnWriteArrayList<>();
            Observation.of(node).carry(carrier);
            Observation.of(node).add(new ProcessObserver() {
                @Override
                public void handled(Handled event) {
                    seenInHandled.add(event.kind() + " under " + CURRENT.get());
                    carrier.log.add("handled " + event.kind());
                }
            });
            GenServerRef<Echo.Req<?>, Echo.Cast> server = GenServer.start(node, new Echo(() -> "-"));

            server.call(new Echo.Ping("p"));
            server.cast(new Echo.Note("n"));

            // The detach follows the observer's handled event on the server's thread: wait for it too.
            Eventually.until(
                    () -> seenInHandled.size() == 2 && carrier.log.size() == 6, "both are handled and detached");
            assertThat(seenInHandled).containsExactly("CALL under CALL", "CAST under CAST");
            assertThat(carrier.log)
                    .containsExactly(
                            "attach CALL", "handled CALL", "detach CALL", "attach CAST", "handled CAST", "detach CAST");
        }
    }
}
