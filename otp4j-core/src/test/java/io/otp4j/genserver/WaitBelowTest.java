package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.PooledServerTest.Add;
import io.otp4j.genserver.PooledServerTest.Counter;
import io.otp4j.genserver.PooledServerTest.Req;
import io.otp4j.genserver.PooledServerTest.WhichThread;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * An idle server waits for its next message below its own frames: its parked thread holds only the process's
 * bottom frame and the JDK's, and it answers the next message, signal or debugging request on the same thread as
 * if it had waited in its loop. The server is {@link PooledServerTest}'s counter, with a thread of its own here.
 */
class WaitBelowTest {

    private static final Duration CALL = Duration.ofSeconds(10);

    @Test
    void anIdleServersParkedStackHoldsNoneOfItsFramesAndItResumesOnTheSameThread() {
        try (Node node = Node.start("wait-below")) {
            Counter impl = new Counter();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, impl);
            Thread thread = server.call(new WhichThread(), CALL);

            awaitParkedBelow(thread);

            assertThat(server.call(new Add(2), CALL)).isEqualTo(2);
            server.cast(3);
            assertThat(server.call(new Add(1), CALL)).isEqualTo(6);
            assertThat(server.call(new WhichThread(), CALL)).isSameAs(thread);
            awaitParkedBelow(thread);
        }
    }

    @Test
    void aServerWaitingBelowTakesItsMessagesInOrderAndAnswersTheDebuggingRequests() {
        try (Node node = Node.start("wait-below-order")) {
            Counter impl = new Counter();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, impl);
            Thread thread = server.call(new WhichThread(), CALL);
            for (int round = 0; round < 20; round++) {
                awaitParkedBelow(thread);
                for (int i = 0; i < 50; i++) {
                    node.send(server.pid(), round * 50 + i);
                }
            }
            Within.eventually("every info is handled", () -> impl.infos.size() == 1_000);
            assertThat(impl.infos)
                    .containsExactlyElementsOf(
                            java.util.stream.IntStream.range(0, 1_000).boxed().toList());

            awaitParkedBelow(thread);
            Sys.suspend(server);
            server.cast(5);
            Sys.resume(server);
            assertThat(server.call(new Add(0), CALL)).isEqualTo(5);
        }
    }

    @Test
    void anExitSignalReachesAServerWaitingBelow() {
        try (Node node = Node.start("wait-below-exit")) {
            Counter impl = new Counter();
            GenServerRef<Req<?>, Integer> server = GenServer.start(node, impl);
            Thread thread = server.call(new WhichThread(), CALL);
            awaitParkedBelow(thread);

            // Trapped: a message, and the server goes on waiting. (Not from the node: that is the server's parent.)
            Within.inProcess(node, self -> {
                self.exit(server.pid(), ExitReason.custom("a nudge"));
                return null;
            });
            Within.eventually("the trapped exit is handled", () -> impl.infos.size() == 1);
            assertThat(impl.infos.get(0))
                    .isInstanceOfSatisfying(
                            Exit.class, e -> assertThat(e.reason()).isEqualTo(ExitReason.custom("a nudge")));
            awaitParkedBelow(thread);

            // Untrappable: the process ends with it.
            CompletableFuture<Down> down = Within.watch(node, server.pid());
            node.exit(server.pid(), ExitReason.killed());
            assertThat(Within.get(down).reason()).isEqualTo(ExitReason.killed());
        }
    }

    /** Waits until {@code thread} is parked with no frame of the server loop or of a server on its stack. */
    private static void awaitParkedBelow(Thread thread) {
        Within.eventually("the server parks below its own frames", () -> {
            if (thread.getState() != Thread.State.WAITING) {
                return false;
            }
            List<String> classes = Arrays.stream(thread.getStackTrace())
                    .map(StackTraceElement::getClassName)
                    .toList();
            return classes.contains("io.otp4j.process.ProcessImpl")
                    && classes.stream().noneMatch(c -> c.startsWith("io.otp4j.genserver."));
        });
    }
}
