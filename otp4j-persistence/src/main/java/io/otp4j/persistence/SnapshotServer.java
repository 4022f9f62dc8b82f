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
import java.util.Arrays;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The generic server {@link Durable#server} makes of a {@link DurableGenServer}: it claims the identity, loads
 * the state, and stores each changed state the inner server's callbacks return before handing the result to the
 * server loop, which only then replies or takes the next message. One instance serves one start.
 */
final class SnapshotServer<S, C extends Call<?>, K> implements GenServer<S, C, K> {

    private final String identity;
    private final DurableStore store;
    private final Schema<S> schema;
    private final DurableGenServer<S, C, K> inner;
    private final @Nullable QueuedCasts<K> casts;

    private long incarnation;
    private long version;
    private byte @Nullable [] stored;
    private @Nullable ProcessContext self;

    SnapshotServer(
            String identity,
            DurableStore store,
            Schema<S> schema,
            @Nullable Schema<K> casts,
            DurableGenServer<S, C, K> inner) {
        this.identity = identity;
        this.store = store;
        this.schema = schema;
        this.casts = casts == null ? null : new QueuedCasts<>(store, identity, casts);
        this.inner = inner;
    }

    @Override
    public Init<S> init(ProcessContext self) throws Exception {
        this.self = self;
        StoredRecord record = store.claim(identity);
        incarnation = record.incarnation();
        version = record.version();
        byte[] snapshot = record.snapshot();
        S loaded;
        if (snapshot == null) {
            loaded = inner.initialState();
        } else {
            loaded = schema.decode(record.schemaVersion(), snapshot, what());
            // An upcast state is compared in its current encoding; the store keeps the old one until it changes.
            stored = record.schemaVersion() == schema.version()
                    ? snapshot
                    : schema.encode(loaded, "the upcast state of '" + identity + "'");
        }
        Init<S> init = inner.init(self, loaded);
        if (init instanceof Init.Ok<S> ok) {
            storeIfChanged(ok.state());
            if (casts != null) {
                // Durable casts queued for an earlier incarnation are handled first, as this one's first message.
                self.send(self.self(), DurableCastQueued.INSTANCE);
            }
        }
        return init;
    }

    @Override
    public CallResult<S> handleCall(C request, From from, S state) throws Exception {
        CallResult<S> result = inner.handleCall(request, from, state);
        Result.NoReply<S> held = held(result);
        return held != null ? held : result;
    }

    @Override
    public Result<S> handleCast(K request, S state) throws Exception {
        return stored(inner.handleCast(request, state));
    }

    @Override
    public Result<S> handleInfo(Object message, S state) throws Exception {
        if (message == DurableCastQueued.INSTANCE && casts != null) {
            return handleQueuedCasts(casts, state);
        }
        return stored(inner.handleInfo(message, state));
    }

    /**
     * Handles the durable casts queued in the store, in order. Each cast's new state is written in the same
     * transaction that deletes the cast (a state that did not change is not written again: the write only deletes
     * the cast), so a cast is handled once: before a crash, or after it, never both.
     */
    private Result<S> handleQueuedCasts(QueuedCasts<K> queue, S state) throws Exception {
        Result<S> result = Results.noReply(state);
        for (StoredEvent cast : queue.pending()) {
            K request = queue.decode(cast);
            result = inner.handleCast(request, result.state());
            byte[] bytes = schema.encode(result.state(), this::nextState);
            if (stored != null && Arrays.equals(bytes, stored)) {
                // The state did not change: the write only removes the cast, at the same version.
                store.write(DurableWrite.castsHandled(identity, incarnation, version, cast.sequence()));
            } else {
                store.write(DurableWrite.state(identity, incarnation, version, bytes, schema.version())
                        .handlingCastsThrough(cast.sequence()));
                version++;
                stored = bytes;
            }
            if (!(result instanceof Result.NoReply<S>)) {
                break; // a stop: the casts after it wait for the next incarnation
            }
        }
        return result;
    }

    @Override
    public Result<S> handleContinue(Object argument, S state) throws Exception {
        return stored(inner.handleContinue(argument, state));
    }

    @Override
    public void terminate(ExitReason reason, S state) throws Exception {
        inner.terminate(reason, state);
    }

    @Override
    public Object formatStatus(S state) {
        return new DurableStatus(
                identity, store.name(), incarnation, version, schema.version(), inner.formatStatus(state));
    }

    @Override
    public String toString() {
        return "Durable[" + identity + ", " + inner + "]";
    }

    private Result<S> stored(Result<S> result) {
        Result.NoReply<S> held = held(result);
        return held != null ? held : result;
    }

    /**
     * {@return {@code result}, held until its state is stored, or null if that state is stored already} The write is
     * handed to the store, and the server awaits its answer without holding its thread ({@link AwaitedWrite}).
     */
    private Result.@Nullable NoReply<S> held(CallResult<S> result) {
        S state = result.state();
        byte[] bytes = schema.encode(state, this::nextState);
        if (stored != null && Arrays.equals(bytes, stored)) {
            return null;
        }
        return AwaitedWrite.handOver(
                Objects.requireNonNull(self, "started"),
                store,
                DurableWrite.state(identity, incarnation, version, bytes, schema.version()),
                state,
                () -> {
                    version++;
                    stored = bytes;
                },
                result);
    }

    /** Writes {@code state} if its bytes differ from the stored ones; returns once the write is durable. */
    private void storeIfChanged(S state) {
        byte[] bytes = schema.encode(state, this::nextState);
        if (stored != null && Arrays.equals(bytes, stored)) {
            return;
        }
        store.write(DurableWrite.state(identity, incarnation, version, bytes, schema.version()));
        version++;
        stored = bytes;
    }

    /** {@return what a state about to be stored is, for an error in encoding it} */
    private String nextState() {
        return "the state of '" + identity + "' at version " + (version + 1);
    }

    private String what() {
        return "the stored state of '" + identity + "' (" + store.name() + ", version " + version + ")";
    }
}
