package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A {@link ProcessExtension} sees its process exit, and what it left unhandled. */
class ProcessExtensionTest {

    record Recorded(ExitReason reason, List<Object> unhandled, boolean mailboxOpenWhileExiting) {}

    @Test
    void theExtensionSeesTheReasonThenWhatWasLeftInTheMailboxInOrder() throws Exception {
        CompletableFuture<ExitReason> exiting = new CompletableFuture<>();
        CompletableFuture<List<Object>> unhandled = new CompletableFuture<>();
        CountDownLatch queued = new CountDownLatch(1);
        try (Node node = Node.start("hooks")) {
            ProcessExtension hook = new ProcessExtension() {
                @Override
                public void exiting(Pid pid, ExitReason reason) {
                    exiting.complete(reason);
                }

                @Override
                public void unhandled(Pid pid, ExitReason reason, List<Object> messages) {
                    unhandled.complete(messages);
                }
            };
            Pid pid = Engine.get().spawn(node, SpawnOptions.defaults(), hook, self -> {
                self.receive("first"::equals);
                queued.await(10, TimeUnit.SECONDS);
                throw new IllegalStateException("crash with work left");
            });
            node.send(pid, "a");
            node.send(pid, "first");
            node.send(pid, "b");
            node.send(pid, "c");
            queued.countDown();
            ExitReason reason = exiting.get(10, TimeUnit.SECONDS);
            assertThat(reason)
                    .isInstanceOfSatisfying(
                            ExitReason.Crash.class, c -> assertThat(c.cause()).hasMessage("crash with work left"));
            // "a" was passed over by the selective receive and stays first: nothing accepted goes unseen.
            assertThat(unhandled.get(10, TimeUnit.SECONDS)).containsExactly("a", "b", "c");
        }
    }

    @Test
    void aFailingExtensionDoesNotStopTheExit() throws Exception {
        try (Node node = Node.start("hooks")) {
            Pid watcher = node.spawn(self -> self.receive());
            ProcessExtension failing = new ProcessExtension() {
                @Override
                public void exiting(Pid pid, ExitReason reason) {
                    throw new IllegalStateException("hook failed");
                }
            };
            CompletableFuture<Down> down = new CompletableFuture<>();
            node.spawn(self -> {
                Engine.get().spawnMonitor(self, SpawnOptions.defaults(), failing, c -> {});
                down.complete(self.receive(Down.class));
            });
            // The monitor still fires, with the process's own reason: the hook's failure is logged, not fatal.
            assertThat(down.get(10, TimeUnit.SECONDS).reason()).isEqualTo(ExitReason.normal());
            node.exit(watcher, ExitReason.kill());
        }
    }
}
