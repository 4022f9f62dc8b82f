package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The generic server {@link Durable#eventSourced} makes of an {@link EventSourcedServer}: it claims the identity,
 * rebuilds the state from the snapshot and the events after it, and stores each decision's events (with a snapshot
 * when one is due) before the reply. One instance serves one start.
 */
final class EventSourcedAdapter<S, E, C extends Call<?>, K> implements GenServer<S, C, K> {

    private final String identity;
    private final DurableStore store;
    private final Schema<S> stateSchema;
    private final Schema<E> eventSchema;
    private final EventLog log;
    private final EventSourcedServer<S, E, C, K> inner;

    private long incarnation;
    private long version;

    EventSourcedAdapter(
            String identity,
            DurableStore store,
            Schema<S> stateSchema,
            Schema<E> eventSchema,
            EventLog log,
            EventSourcedServer<S, E, C, K> inner) {
        this.identity = identity;
        this.store = store;
        this.stateSchema = stateSchema;
        this.eventSchema = eventSchema;
        this.log = log;
        this.inner = inner;
    }

    @Override
    public Init<S> init(ProcessContext self) {
        StoredRecord record = store.claim(identity);
        incarnation = record.incarnation();
        byte[] snapshot = record.snapshot();
        S start = snapshot == null
                ? inner.initialState()
                : stateSchema.decode(
                        record.schemaVersion(),
                        snapshot,
                        "the snapshot of '" + identity + "' at version " + record.snapshotVersion());
        Replay<S, E> replay = new Replay<>(identity, start, record.snapshotVersion(), eventSchema, inner);
        store.replay(identity, record.snapshotVersion(), replay);
        if (replay.last() != record.version()) {
            throw new CorruptRecordException("the events of '" + identity + "' end at " + replay.last()
                    + ", but its record is at version " + record.version() + ": events are missing");
        }
        version = record.version();
        return Init.ok(replay.state());
    }

    @Override
    @SuppressWarnings("unchecked")
    public CallResult<S> handleCall(C request, From from, S state) throws Exception {
        Decision<S, E> decision = inner.handleCall(request, state);
        Function<? super S, ?> reply = decision.reply();
        if (reply == null || !request.equals(decision.request())) {
            throw new IllegalStateException(inner.getClass().getName() + " decided " + decision + " for the call "
                    + request + ": a call's decision replies to that call (Decision.thenReply or Decision.reply)");
        }
        S next = append(decision.events(), state);
        // The decision was built with thenReply(request, ...), which checked that the reply has the call's type.
        return Results.reply((Call<Object>) request, reply.apply(next), next);
    }

    @Override
    public Result<S> handleCast(K request, S state) throws Exception {
        Decision<S, E> decision = inner.handleCast(request, state);
        if (decision.request() != null) {
            throw new IllegalStateException(inner.getClass().getName() + " decided " + decision + " for the cast "
                    + request + ": a cast has no caller to reply to");
        }
        return Results.noReply(append(decision.events(), state));
    }

    @Override
    public Result<S> handleInfo(Object message, S state) throws Exception {
        Decision<S, E> decision = inner.handleInfo(message, state);
        if (decision.request() != null) {
            throw new IllegalStateException(inner.getClass().getName() + " decided " + decision + " for the message "
                    + message + ": a plain message has no caller to reply to");
        }
        return Results.noReply(append(decision.events(), state));
    }

    @Override
    public Object formatStatus(S state) {
        return new DurableStatus(
                identity, store.name(), incarnation, version, eventSchema.version(), inner.formatStatus(state));
    }

    @Override
    public String toString() {
        return "EventSourced[" + identity + ", " + inner + "]";
    }

    /** Applies {@code events} to {@code state}, stores them, and returns the new state once they are durable. */
    private S append(List<E> events, S state) {
        if (events.isEmpty()) {
            return state;
        }
        S next = state;
        List<byte[]> encoded = new ArrayList<>(events.size());
        long at = version;
        for (E event : events) {
            next = inner.apply(next, event);
            encoded.add(eventSchema.encode(event, "event " + (++at) + " of '" + identity + "'"));
        }
        long newVersion = version + events.size();
        boolean snapshotDue = newVersion / log.snapshotEvery() > version / log.snapshotEvery();
        byte[] snapshot = snapshotDue
                ? stateSchema.encode(next, "the snapshot of '" + identity + "' at version " + newVersion)
                : null;
        long deleteThrough =
                snapshotDue && log.keepBeforeSnapshot() >= 0 ? Math.max(0, newVersion - log.keepBeforeSnapshot()) : 0;
        store.write(new DurableWrite(
                identity,
                incarnation,
                version,
                newVersion,
                encoded,
                eventSchema.version(),
                snapshot,
                snapshot == null ? 0 : stateSchema.version(),
                deleteThrough,
                0));
        version = newVersion;
        return next;
    }
}
