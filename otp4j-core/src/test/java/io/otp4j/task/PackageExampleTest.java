package io.otp4j.task;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.testing.Within;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The package documentation's example, run as written. */
class PackageExampleTest {

    @Test
    void tasksAndAnAsyncStream() {
        CompletableFuture<Integer> total = new CompletableFuture<>();
        try (Node node = Node.start("tasks")) {
            node.spawn(self -> {
                Task<Integer> a = Task.async(self, () -> 20); // runs beside its owner
                Task<Integer> b = Task.async(self, () -> 22);
                int sum = a.await() + b.await(); // 42

                StreamOptions options = StreamOptions.defaults().withMaxConcurrency(4);
                try (Stream<TaskResult<Integer>> squares =
                        Task.asyncStream(self, List.of(1, 2, 3), n -> n * n, options)) {
                    sum += squares.mapToInt(r -> r.orElseThrow()).sum(); // + 1 + 4 + 9
                }
                total.complete(sum); // 56
            });
            assertThat(Within.get(total)).isEqualTo(56);
        }
    }
}
