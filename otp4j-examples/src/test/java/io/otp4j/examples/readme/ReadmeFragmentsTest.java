package io.otp4j.examples.readme;

import static io.otp4j.genserver.Results.noReply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import io.otp4j.task.StreamOptions;
import io.otp4j.task.Task;
import io.otp4j.task.TaskResult;
import io.otp4j.testkit.Eventually;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The README's snippets that need a node (and servers) around them, as written there, with what their comments
 * say checked. ReadmeSnippetsTest finds each snippet's statements here, in order.
 */
class ReadmeFragmentsTest {

    /** A server that only holds a state; stands for the README's pool and writer. */
    static class Idle implements GenServer<String, Call<?>, Object> {
        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok(getClass().getSimpleName());
        }

        @Override
        public Result<String> handleInfo(Object message, String state) {
            return noReply(state);
        }
    }

    static final class Pool extends Idle {}

    static final class Writer extends Idle {}

    @Test
    void supervisionTrees() {
        try (Node node = Node.start("readme-supervision")) {
            // --- README: Supervision trees ---
            Supervisor app = Supervisor.start(
                    node,
                    SupervisorFlags.oneForOne(),
                    List.of(
                            ChildSpec.worker("pool", Pool::new),
                            ChildSpec.worker(
                                    "writer",
                                    Writer::new,
                                    StartOptions.defaults().withName("writer"))));
            // --- end of the snippet ---
            assertThat(app.countChildren().active()).isEqualTo(2);
            assertThat(node.whereis("writer")).isPresent();
        }
    }

    @Test
    void tasks() throws Exception {
        CompletableFuture<Integer> total = new CompletableFuture<>();
        try (Node node = Node.start("readme-tasks")) {
            // --- README: Tasks ---
            node.spawn(self -> {
                Task<Integer> a = Task.async(self, () -> 20); // linked to and monitored by its owner
                Task<Integer> b = Task.async(self, () -> 22);
                int sum = a.await() + b.await(); // 42
                try (Stream<TaskResult<Integer>> squares = Task.asyncStream(
                        self,
                        List.of(1, 2, 3),
                        n -> n * n,
                        StreamOptions.defaults().withMaxConcurrency(4))) { // lazy, bounded, in input order
                    sum += squares.mapToInt(TaskResult::orElseThrow).sum();
                }
                // --- end of the snippet ---
                total.complete(sum);
            });
            assertThat(total.get(10, TimeUnit.SECONDS)).isEqualTo(42 + 1 + 4 + 9);
            Eventually.until(() -> node.processCount() == 0, "the tasks and their owner end");
        }
    }
}
