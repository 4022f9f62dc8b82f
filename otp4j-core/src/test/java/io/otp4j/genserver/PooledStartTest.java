package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.ProcessStatus;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessHooks;
import io.otp4j.testing.Within;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Starting a pooled server: every case of {@link StartTest}, and where its init runs. A pooled server's process
 * starts without a thread, and its starter, which would only wait, runs init on its own thread.
 */
class PooledStartTest extends StartTest {

    @Override
    StartOptions options() {
        return StartOptions.defaults().withPooled();
    }

    /** Starts a pooled server whose init completes {@code initThread} with the thread it runs on. */
    private GenServerRef<Req<?>, Void> startNotingInitsThread(Node node, CompletableFuture<Thread> initThread) {
        return GenServer.start(
                node,
                new Server(() -> {
                    initThread.complete(Thread.currentThread());
                    return Init.ok("ready");
                }),
                options());
    }

    @Test
    void initRunsOnTheStartersThreadAndTheServerHoldsNoThreadOnceStarted() {
        try (Node node = Node.start("pooled-start-thread")) {
            CompletableFuture<Thread> initThread = new CompletableFuture<>();
            GenServerRef<Req<?>, Void> ref = startNotingInitsThread(node, initThread);

            assertThat(initThread.getNow(null)).isSameAs(Thread.currentThread());
            // Back from the start, the server waits without a thread, and the starter's is its own again.
            assertThat(ref.core().thread).isNull();
            assertThat(node.info(ref.pid()).orElseThrow().status()).isEqualTo(ProcessStatus.WAITING);
            assertThat(Engine.get().pidOf(node, Thread.currentThread())).isEmpty();
            assertThat(ref.call(new Ping())).isEqualTo("pong: ready");
        }
    }

    @Test
    void aMessageThatWakesTheServerBeforeItsStarterDoesHasAWorkerRunInit() {
        try (Node node = Node.start("pooled-start-early")) {
            // A message sent the moment the process exists, before the starter can lend it its thread: its wake-up
            // is the sender's, a worker runs init, and the starter waits for it as for a server of its own thread.
            Engine.get().hooks(node, new ProcessHooks() {
                @Override
                public void spawned(Pid pid) {
                    node.send(pid, "early");
                }

                @Override
                public void exited(Pid pid, ExitReason reason) {}

                @Override
                public @Nullable Object capture(Pid to, Object message) {
                    return null;
                }
            });
            CompletableFuture<Thread> initThread = new CompletableFuture<>();
            GenServerRef<Req<?>, Void> ref = startNotingInitsThread(node, initThread);

            assertThat(Within.get(initThread).getName()).isEqualTo("otp4j-worker pooled-start-early");
            assertThat(ref.call(new Ping())).isEqualTo("pong: ready");
        }
    }

    /** Starts, when called, a pooled server whose init calls this server back: its own starter. */
    static final class Parent implements GenServer<String, Req<?>, Void> {
        final Node node;
        final CompletableFuture<StartException> failed = new CompletableFuture<>();
        volatile @Nullable GenServerRef<Req<?>, Void> self;

        Parent(Node node) {
            this.node = node;
        }

        @Override
        public Init<String> init(ProcessContext context) {
            return Init.ok("parent");
        }

        @Override
        public CallResult<String> handleCall(Req<?> request, From from, String state) {
            GenServerRef<Req<?>, Void> me = java.util.Objects.requireNonNull(self);
            Server child = new Server(() -> Init.ok(me.call(new Ping())));
            try {
                GenServer.start(node, child, StartOptions.defaults().withPooled());
            } catch (StartException e) {
                failed.complete(e);
            }
            return Results.reply((Ping) request, "done", state);
        }
    }

    @Test
    void anInitThatCallsItsStarterFailsAtOnceNamingBoth() {
        try (Node node = Node.start("pooled-start-calls-back")) {
            Parent parent = new Parent(node);
            GenServerRef<Req<?>, Void> ref = GenServer.start(node, parent);
            parent.self = ref;

            assertThat(ref.call(new Ping())).isEqualTo("done");

            StartException failed = Within.get(parent.failed);
            assertThat(failed.getCause())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("lent it while waiting for it (for its start")
                    .hasMessageContaining(ref.pid().toString())
                    .hasMessageNotContaining("called itself");
        }
    }

    @Test
    void anExitSignalForTheStarterReachesItOnlyOnceInitHasReturned() {
        try (Node node = Node.start("pooled-start-signal")) {
            CountDownLatch inInit = new CountDownLatch(1);
            CountDownLatch finishInit = new CountDownLatch(1);
            AtomicBoolean initInterrupted = new AtomicBoolean();
            CompletableFuture<GenServerRef<Req<?>, Void>> started = new CompletableFuture<>();
            Server slow = new Server(() -> {
                inInit.countDown();
                try {
                    finishInit.await();
                } catch (InterruptedException e) {
                    initInterrupted.set(true);
                }
                return Init.ok("ready");
            });
            Pid starter = node.spawn(self -> {
                started.complete(GenServer.start(node, slow, options()));
                self.receive(String.class); // never comes: the exit signal ends the starter here
            });

            Within.await(inInit);
            node.exit(starter, ExitReason.custom("bye"));
            finishInit.countDown();

            GenServerRef<Req<?>, Void> ref = Within.get(started);
            assertThat(initInterrupted)
                    .as("the starter's signal interrupted the server's init")
                    .isFalse();
            Within.eventually("the starter is gone", () -> node.info(starter).isEmpty());
            assertThat(ref.call(new Ping())).isEqualTo("pong: ready");
        }
    }
}
