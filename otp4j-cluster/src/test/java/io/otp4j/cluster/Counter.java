package io.otp4j.cluster;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A supervised counter for the distributed supervisor's tests: it keeps its value across moves ({@link Handoff}),
 * and a {@link Book} shared by the nodes of one JVM records each start (by node), hand-off and take-over.
 */
final class Counter implements GenServer<Integer, Counter.Req<?>, NoCast>, Handoff<Integer> {

    static final ServerType<Req<?>, NoCast> TYPE = ServerType.of(Counter.class);

    static final String KIND = "counter";

    /** The counter's calls. */
    sealed interface Req<R> extends Call<R> {}

    /** Its value. */
    public record Get() implements Req<Integer> {}

    /** Adds {@code n}; the answer is the new value. */
    public record Add(int n) implements Req<Integer> {}

    private final Book book;
    private final String id;

    Counter(Book book, String id) {
        this.book = book;
        this.id = id;
    }

    /** {@return the kinds every node is given: one, a counter whose argument is its id} */
    static Map<String, ChildFactory> kinds(Book book, String node) {
        return Map.of(KIND, argument -> {
            String id = (String) argument;
            book.started(id, node);
            return new Counter(book, id);
        });
    }

    @Override
    public Init<Integer> init(ProcessContext self) {
        book.instances.computeIfAbsent(id, i -> new CopyOnWriteArrayList<>()).add(self.self());
        return Init.ok(0);
    }

    @Override
    public CallResult<Integer> handleCall(Req<?> request, From from, Integer value) {
        return switch (request) {
            case Get get -> reply(get, value, value);
            case Add add -> reply(add, value + add.n(), value + add.n());
        };
    }

    @Override
    public Object handOff(Integer value) {
        book.handOffs.incrementAndGet();
        return value;
    }

    @Override
    public Integer takeOver(Integer fresh, Object handedOff) {
        book.takeOvers.merge(id, 1, Integer::sum);
        return (Integer) handedOff;
    }

    /** What the counters of one JVM did. */
    static final class Book {
        final Map<String, List<String>> starts = new ConcurrentHashMap<>();
        final Map<String, List<Pid>> instances = new ConcurrentHashMap<>();
        final AtomicInteger handOffs = new AtomicInteger();
        final Map<String, Integer> takeOvers = new ConcurrentHashMap<>();

        void started(String id, String node) {
            starts.computeIfAbsent(id, i -> new CopyOnWriteArrayList<>()).add(node);
        }

        /** {@return the nodes {@code id} started on, in order} */
        List<String> startsOf(String id) {
            return List.copyOf(starts.getOrDefault(id, List.of()));
        }

        int totalStarts() {
            return starts.values().stream().mapToInt(List::size).sum();
        }
    }
}
