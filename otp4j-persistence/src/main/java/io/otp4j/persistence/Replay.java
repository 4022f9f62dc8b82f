package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import java.util.function.Consumer;

/** Folds replayed events into a state, checking that their sequence numbers follow one another. */
final class Replay<S, E> implements Consumer<StoredEvent> {

    private final String identity;
    private final Schema<E> schema;
    private final EventSourcedServer<S, E, ? extends Call<?>, ?> server;
    private S state;
    private long last;

    Replay(
            String identity,
            S state,
            long after,
            Schema<E> schema,
            EventSourcedServer<S, E, ? extends Call<?>, ?> server) {
        this.identity = identity;
        this.state = state;
        this.last = after;
        this.schema = schema;
        this.server = server;
    }

    @Override
    public void accept(StoredEvent event) {
        if (event.sequence() != last + 1) {
            throw new CorruptRecordException("the events of '" + identity + "' jump from " + last + " to "
                    + event.sequence() + ": events are missing");
        }
        state = server.apply(
                state,
                schema.decode(
                        event.schemaVersion(),
                        event.payload(),
                        () -> "event " + event.sequence() + " of '" + identity + "'"));
        last = event.sequence();
    }

    S state() {
        return state;
    }

    long last() {
        return last;
    }
}
