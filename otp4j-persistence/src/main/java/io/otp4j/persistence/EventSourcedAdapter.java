package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.ExitReason;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * The generic server {@link Durable#eventSourced} makes of an {@link EventSourcedServer}: it claims the identity,
 * rebuilds the state from the snapshot and the events after it, and stores each decision's events (with a snapshot
 * when one is due) before the reply, the continue or the stop it asks for. One instance serves one start.
 */
final class EventSourcedAdapter<S, E, C extends Call<?>, K> implements GenServer<S, C, K> {

    private final String identity;
    private final DurableStore store;
    private final Schema<S> stateSchema;
    private final Schema<E> eventSchema;
    private final EventLog log;
    private final EventSourcedServer<S, E, C, K> inner;
    private final @Nullable QueuedCasts<K> casts;

    private long incarnation;
    private long version;
    private @Nullable ProcessContext self;
    /** The state as of the last stored event: what {@link EventSourcedServer#terminate} sees. */
    private @Nullable S stored;

    EventSourcedAdapter(
            String identity,
            DurableStore store,
            Schema<S> stateSchema,
            Schema<E> eventSchema,
            @Nullable Schema<K> casts,
            EventLog log,
            EventSourcedServer<S, E, C, K> inner) {
        this.identity = identity;
        this.store = store;
        this.stateSchema = stateSchema;
        this.eventSchema = eventSchema;
        this.casts = casts == null ? null : new QueuedCasts<>(store, identity, casts);
        this.log = log;
        this.inner = inner;
    }

    @Override
    public Init<S> init(ProcessContext self) {
        this.self = self;
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
        stored = replay.state();
        if (casts != null) {
            // Durable casts queued for an earlier incarnation are handled first, as this one's first message.
            self.send(self.self(), DurableCastQueued.INSTANCE);
        }
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
        S next = applied(decision.events(), state);
        // Computed before the write: a reply that fails stores nothing, as an event that apply rejects.
        Object value = reply.apply(next);
        // The decision was built with thenReply(request, ...), which checked that the reply has the call's type.
        Call<Object> call = (Call<Object>) request;
        ExitReason stop = decision.stopReason();
        Object argument = decision.continueWith();
        CallResult<S> result;
        if (stop != null) {
            result = Results.stopReply(stop, call, value, next);
        } else {
            result = argument == null
                    ? Results.reply(call, value, next)
                    : Results.reply(call, value, next).thenContinue(argument);
        }
        Result.NoReply<S> held = held(decision.events(), next, result);
        return held != null ? held : result;
    }

    /**
     * {@return {@code result}, held until {@code events} (whose state after them is {@code next}) are stored, or
     * null if there are none} The write is handed to the store, and the server awaits its answer without holding its
     * thread ({@link AwaitedWrite}).
     */
    private Result.@Nullable NoReply<S> held(List<E> events, S next, CallResult<S> result) {
        Prepared<S> prepared = prepare(events, next, 0);
        if (prepared == null) {
            return null;
        }
        return AwaitedWrite.handOver(
                Objects.requireNonNull(self, "started"),
                store,
                prepared.write(),
                next,
                () -> committed(prepared),
                result);
    }

    @Override
    public Result<S> handleCast(K request, S state) throws Exception {
        return decided(inner.handleCast(request, state), "the cast " + request, state, 0);
    }

    @Override
    public Result<S> handleInfo(Object message, S state) throws Exception {
        if (message == DurableCastQueued.INSTANCE && casts != null) {
            return handleQueuedCasts(casts, state);
        }
        return decided(inner.handleInfo(message, state), "the message " + message, state, 0);
    }

    @Override
    public Result<S> handleContinue(Object argument, S state) throws Exception {
        return decided(inner.handleContinue(argument, state), "the continue " + argument, state, 0);
    }

    @Override
    public void terminate(ExitReason reason, S state) throws Exception {
        // The loop's state may be one whose events were never stored (Sys.replaceState, or a callback that
        // crashed after apply): terminate sees the state as stored.
        inner.terminate(reason, stored == null ? state : stored);
    }

    /**
     * Handles the durable casts queued in the store, in order. Each cast's events are written in the same
     * transaction that deletes the cast, and a cast that decides no event is deleted by a write of its own that
     * keeps the version: a cast is handled once, before a crash or after it, never both. A cast that asks to
     * continue ends the run, so the continue runs first; a cast that stops leaves the rest to the next incarnation.
     */
    private Result<S> handleQueuedCasts(QueuedCasts<K> queue, S state) throws Exception {
        Result<S> result = Results.noReply(state);
        for (StoredEvent cast : queue.pending()) {
            K request = queue.decode(cast);
            Decision<S, E> decision = inner.handleCast(request, result.state());
            result = decided(decision, "the cast " + request, result.state(), cast.sequence());
            if (decision.stopReason() != null) {
                break; // the casts after it wait for the next incarnation
            }
            if (decision.continueWith() != null) {
                // The continue runs before anything else; the casts after it are handled after it.
                ProcessContext context = Objects.requireNonNull(self, "started");
                context.send(context.self(), DurableCastQueued.INSTANCE);
                break;
            }
        }
        return result;
    }

    private Result<S> decided(Decision<S, E> decision, String what, S state, long castThrough) {
        if (decision.request() != null) {
            throw new IllegalStateException(inner.getClass().getName() + " decided " + decision + " for " + what
                    + ": only a call has a caller to reply to");
        }
        S next = applied(decision.events(), state);
        ExitReason stop = decision.stopReason();
        Object argument = decision.continueWith();
        Result<S> result;
        if (stop != null) {
            result = Results.stop(stop, next);
        } else {
            result = argument == null
                    ? Results.noReply(next)
                    : Results.noReply(next).thenContinue(argument);
        }
        if (castThrough > 0) {
            // A queued cast's events, with the cast marked handled, are stored before the next cast is decided.
            store(decision.events(), next, castThrough);
            return result;
        }
        Result.NoReply<S> held = held(decision.events(), next, result);
        return held != null ? held : result;
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

    /** {@return {@code state} after {@code events}: apply rejects an event by throwing, before anything is stored} */
    private S applied(List<E> events, S state) {
        S next = state;
        for (E event : events) {
            next = inner.apply(next, event);
        }
        return next;
    }

    /**
     * Stores {@code events}, whose state after them is {@code next}, with the durable casts through {@code
     * castThrough} (0 for none) marked handled; returns once they are durable.
     */
    private void store(List<E> events, S next, long castThrough) {
        Prepared<S> prepared = prepare(events, next, castThrough);
        if (prepared != null) {
            store.write(prepared.write());
            committed(prepared);
        }
    }

    /** Notes {@code prepared} as stored. */
    private void committed(Prepared<S> prepared) {
        version = prepared.version();
        stored = prepared.state();
    }

    /** A write and what it moves the server to: its version and the state as stored. */
    private record Prepared<S>(DurableWrite write, long version, S state) {}

    /**
     * {@return the write of {@code events}, whose state after them is {@code next}, with the durable casts through
     * {@code castThrough} (0 for none) marked handled, or null if there is nothing to write}
     */
    private @Nullable Prepared<S> prepare(List<E> events, S next, long castThrough) {
        if (events.isEmpty()) {
            return castThrough > 0
                    ? new Prepared<>(
                            DurableWrite.castsHandled(identity, incarnation, version, castThrough), version, next)
                    : null;
        }
        List<byte[]> encoded = new ArrayList<>(events.size());
        long at = version;
        for (E event : events) {
            long seq = ++at;
            encoded.add(eventSchema.encode(event, () -> "event " + seq + " of '" + identity + "'"));
        }
        long newVersion = version + events.size();
        boolean snapshotDue = newVersion / log.snapshotEvery() > version / log.snapshotEvery();
        byte[] snapshot = snapshotDue
                ? stateSchema.encode(next, () -> "the snapshot of '" + identity + "' at version " + newVersion)
                : null;
        long deleteThrough =
                snapshotDue && log.keepBeforeSnapshot() >= 0 ? Math.max(0, newVersion - log.keepBeforeSnapshot()) : 0;
        DurableWrite write = new DurableWrite(
                identity,
                incarnation,
                version,
                newVersion,
                encoded,
                eventSchema.version(),
                snapshot,
                snapshot == null ? 0 : stateSchema.version(),
                deleteThrough,
                castThrough);
        return new Prepared<>(write, newVersion, next);
    }
}
