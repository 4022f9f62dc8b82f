package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServerRef;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * An event-sourced server for the tests: a running total of the amounts added to it. Each {@link Add} stores one
 * {@link Added} event per amount, all in one write.
 */
final class Tally implements EventSourcedServer<Long, Tally.Added, Tally.Request<?>, Tally.Bump> {

    sealed interface Request<R> extends Call<R> {}

    /** Adds each amount, one event each; replies with the new total. */
    record Add(long... amounts) implements Request<Long> {}

    /** Replies with the total. */
    record Total() implements Request<Long> {}

    /** Adds one, with no reply. */
    record Bump() {}

    /** The event: {@code amount} was added. */
    record Added(long amount) {}

    /** The current schema of events: version 3, {@code add:<amount>:<unit>}. */
    static final Schema<Added> EVENTS = Schema.of(3, Codec.text(added -> "add:" + added.amount() + ":units", text -> {
        String[] parts = text.split(":");
        if (parts.length != 3 || !parts[0].equals("add")) {
            throw new IllegalArgumentException("not an event of version 3: " + text);
        }
        return new Added(Long.parseLong(parts[1]));
    }));

    /** The states' schema: the total as text. */
    static final Schema<Long> STATES = Schema.of(1, Codec.text(String::valueOf, Long::valueOf));

    @Override
    public Long initialState() {
        return 0L;
    }

    @Override
    public Long apply(Long total, Added event) {
        return total + event.amount();
    }

    @Override
    public Decision<Long, Added> handleCall(Request<?> request, Long total) {
        return switch (request) {
            case Add add ->
                Decision.<Long, Added>persist(java.util.Arrays.stream(add.amounts())
                                .mapToObj(Added::new)
                                .toList())
                        .thenReply(add, after -> after);
            case Total t -> Decision.reply(t, total);
        };
    }

    @Override
    public Decision<Long, Added> handleCast(Bump bump, Long total) {
        return Decision.persist(new Added(1));
    }

    /** A plain message of a number adds it; any other message is dropped. */
    @Override
    public Decision<Long, Added> handleInfo(Object message, Long total) {
        return message instanceof Long amount ? Decision.persist(new Added(amount)) : Decision.none();
    }

    /**
     * {@return for each of {@code tallies}, the last total of {@code times} calls adding {@code amount}}: the tallies
     * are called all at once, each by a caller of its own from {@code callers}
     */
    static List<CompletableFuture<Long>> addAtOnce(
            List<GenServerRef<Request<?>, Bump>> tallies, int times, long amount, Executor callers) {
        return tallies.stream()
                .map(tally -> CompletableFuture.supplyAsync(
                        () -> {
                            long last = 0;
                            for (int i = 0; i < times; i++) {
                                last = tally.call(new Add(amount));
                            }
                            return last;
                        },
                        callers))
                .toList();
    }
}
