package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.task.StreamOptions;
import io.otp4j.task.Task;
import io.otp4j.task.TaskResult;
import io.otp4j.task.TaskSupervisor;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Tasks: the time of one {@code Task.async} + {@code await} round trip (spawn a linked, monitored task, get its
 * value, demonitor), the same through a {@link TaskSupervisor} ({@code asyncNolink}: a call to the supervisor,
 * a monitor and a go-ahead more), and the time per item of an async stream of trivial items with the default
 * options (ordered, as many in flight as processors). An owner process runs each batch; the benchmark thread
 * only starts it and waits for its end.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class TaskBenchmark {

    static final int BATCH = 1_000;

    /** What an owner does with a batch. */
    enum Kind {
        ASYNC_AWAIT,
        ASYNC_NOLINK_AWAIT,
        STREAM
    }

    record Batch(Kind kind, CompletableFuture<Long> done) {}

    private static final List<Integer> ITEMS = IntStream.range(0, BATCH).boxed().toList();

    private Node node;
    private Pid owner;
    private TaskSupervisor supervisor;

    @Setup
    public void setup() {
        node = Node.start("bench");
        supervisor = TaskSupervisor.start(node);
        owner = node.spawn(self -> {
            while (true) {
                Batch batch = (Batch) self.receive();
                batch.done().complete(run(self, batch.kind()));
            }
        });
    }

    private long run(ProcessContext self, Kind kind) {
        long sum = 0;
        switch (kind) {
            case ASYNC_AWAIT -> {
                for (int i = 0; i < BATCH; i++) {
                    int n = i;
                    sum += Task.async(self, () -> n).await();
                }
            }
            case ASYNC_NOLINK_AWAIT -> {
                for (int i = 0; i < BATCH; i++) {
                    int n = i;
                    sum += supervisor.asyncNolink(self, () -> n).await();
                }
            }
            case STREAM -> {
                try (Stream<TaskResult<Integer>> results =
                        Task.asyncStream(self, ITEMS, n -> n + 1, StreamOptions.defaults())) {
                    sum = results.mapToLong(r -> r.orElseThrow()).sum();
                }
            }
        }
        return sum;
    }

    @TearDown
    public void tearDown() {
        node.close();
    }

    private long batch(Kind kind) {
        CompletableFuture<Long> done = new CompletableFuture<>();
        node.send(owner, new Batch(kind, done));
        return done.join();
    }

    /** One {@code Task.async} + {@code await}: spawn, link, monitor, reply, demonitor. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long asyncAwait() {
        return batch(Kind.ASYNC_AWAIT);
    }

    /** One {@code TaskSupervisor.asyncNolink} + {@code await}. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long asyncNolinkAwait() {
        return batch(Kind.ASYNC_NOLINK_AWAIT);
    }

    /** One item of an async stream (default options), pulled in order. */
    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long asyncStreamItem() {
        return batch(Kind.STREAM);
    }
}
