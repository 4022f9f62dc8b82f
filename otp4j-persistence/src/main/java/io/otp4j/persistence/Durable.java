package io.otp4j.persistence;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerType;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Makes durable servers: generic servers to start with {@link GenServer#start}, or under a supervisor with a
 * child spec whose supplier calls these factories (one server per start: each start claims a new incarnation).
 *
 * {@snippet class="io.otp4j.persistence.SnippetsTest" region="durable-server"}
 */
public final class Durable {

    private Durable() {}

    /**
     * {@return a generic server running {@code server} with its state stored in {@code store} under {@code
     * identity}, encoded by {@code schema}} (see {@link DurableGenServer})
     *
     * @param <S> the state
     * @param <C> the calls
     * @param <K> the casts
     * @param identity the durable identity, 1 to 512 characters, not blank: one server of it runs at a time
     * @param store where the state is stored
     * @param schema encodes the state
     * @param server the callbacks
     * @throws IllegalArgumentException if the identity is blank or longer than 512 characters
     */
    public static <S, C extends Call<?>, K> GenServer<S, C, K> server(
            String identity, DurableStore store, Schema<S> schema, DurableGenServer<S, C, K> server) {
        return new SnapshotServer<>(
                checked(identity),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(schema, "schema"),
                null,
                Objects.requireNonNull(server, "server"));
    }

    /**
     * {@return a durable server as {@link #server(String, DurableStore, Schema, DurableGenServer)} makes, that also
     * takes durable casts encoded by {@code casts}} (see {@link #cast})
     *
     * @param <S> the state
     * @param <C> the calls
     * @param <K> the casts
     * @param identity the durable identity, 1 to 512 characters, not blank: one server of it runs at a time
     * @param store where the state is stored, and its durable casts queued
     * @param schema encodes the state
     * @param casts encodes the durable casts, as {@link #cast} is given it
     * @param server the callbacks
     * @throws IllegalArgumentException if the identity is blank or longer than 512 characters
     */
    public static <S, C extends Call<?>, K> GenServer<S, C, K> server(
            String identity, DurableStore store, Schema<S> schema, Schema<K> casts, DurableGenServer<S, C, K> server) {
        return new SnapshotServer<>(
                checked(identity),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(schema, "schema"),
                Objects.requireNonNull(casts, "casts"),
                Objects.requireNonNull(server, "server"));
    }

    /**
     * A durable cast: a cast that must not be lost. It is stored in {@code store}'s queue for {@code identity}
     * before this returns, then {@code server} is told; the server handles the queued casts in order, and each
     * one's new state (or events) is stored in the same transaction that removes it from the queue. If the server
     * is down or crashes first, its next incarnation handles the cast. The server must be made with the same {@code
     * casts} schema by {@link #server(String, DurableStore, Schema, Schema, DurableGenServer)} or {@link
     * #eventSourced(String, DurableStore, Schema, Schema, Schema, EventLog, EventSourcedServer)}.
     *
     * @param <K> the casts
     * @param store the store the server was made with
     * @param identity the server's durable identity
     * @param casts encodes the request: the server's schema of durable casts
     * @param server the running server (or its name), told that a cast is queued; if it is not running, the cast
     *     waits for the next incarnation
     * @param request the cast
     * @throws EncodeException if {@code casts} cannot encode the request; nothing is queued
     * @throws StoreException if the store fails; nothing is queued
     */
    public static <K> void cast(
            DurableStore store, String identity, Schema<K> casts, GenServerRef<?, K> server, K request) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(server, "server");
        byte[] bytes =
                casts.encode(Objects.requireNonNull(request, "request"), () -> "a durable cast to '" + identity + "'");
        store.enqueueCast(checked(identity), bytes, casts.version());
        try {
            server.node().send(server.pid(), DurableCastQueued.INSTANCE);
        } catch (RuntimeException down) {
            // Not running now (not found by name): the cast is stored, and the next incarnation handles it.
        }
    }

    /**
     * {@return a generic server running {@code server} by event sourcing: its events stored in {@code store} under
     * {@code identity}, encoded by {@code events}, with snapshots encoded by {@code states} as {@code log} says}
     * (see {@link EventSourcedServer})
     *
     * @param <S> the state
     * @param <E> the events
     * @param <C> the calls
     * @param <K> the casts
     * @param identity the durable identity, 1 to 512 characters, not blank: one server of it runs at a time
     * @param store where the state is stored (snapshots and events)
     * @param states encodes the snapshots
     * @param events encodes the events
     * @param log how often to take a snapshot, and how many events to keep before it
     * @param server the callbacks
     * @throws IllegalArgumentException if the identity is blank or longer than 512 characters
     */
    public static <S, E, C extends Call<?>, K> GenServer<S, C, K> eventSourced(
            String identity,
            DurableStore store,
            Schema<S> states,
            Schema<E> events,
            EventLog log,
            EventSourcedServer<S, E, C, K> server) {
        return eventSourcedAdapter(identity, store, states, events, null, log, server);
    }

    /**
     * {@return an event-sourced server as {@link #eventSourced(String, DurableStore, Schema, Schema, EventLog,
     * EventSourcedServer)} makes, that also takes durable casts encoded by {@code casts}} (see {@link #cast}) The
     * events a durable cast decides are stored in the same write that removes it from the queue; a cast that decides
     * no event is removed by a write of its own, which keeps the version.
     *
     * @param <S> the state
     * @param <E> the events
     * @param <C> the calls
     * @param <K> the casts
     * @param identity the durable identity, 1 to 512 characters, not blank: one server of it runs at a time
     * @param store where the state is stored (snapshots, events and queued durable casts)
     * @param states encodes the snapshots
     * @param events encodes the events
     * @param casts encodes the durable casts, as {@link #cast} is given it
     * @param log how often to take a snapshot, and how many events to keep before it
     * @param server the callbacks
     * @throws IllegalArgumentException if the identity is blank or longer than 512 characters
     */
    public static <S, E, C extends Call<?>, K> GenServer<S, C, K> eventSourced(
            String identity,
            DurableStore store,
            Schema<S> states,
            Schema<E> events,
            Schema<K> casts,
            EventLog log,
            EventSourcedServer<S, E, C, K> server) {
        return eventSourcedAdapter(
                identity, store, states, events, Objects.requireNonNull(casts, "casts"), log, server);
    }

    private static <S, E, C extends Call<?>, K> GenServer<S, C, K> eventSourcedAdapter(
            String identity,
            DurableStore store,
            Schema<S> states,
            Schema<E> events,
            @Nullable Schema<K> casts,
            EventLog log,
            EventSourcedServer<S, E, C, K> server) {
        return new EventSourcedAdapter<>(
                checked(identity),
                Objects.requireNonNull(store, "store"),
                Objects.requireNonNull(states, "states"),
                Objects.requireNonNull(events, "events"),
                casts,
                Objects.requireNonNull(log, "log"),
                Objects.requireNonNull(server, "server"));
    }

    /**
     * {@return the type of the servers {@link #server} makes, for {@link io.otp4j.genserver.GenServerRef#of(
     * io.otp4j.process.Pid, ServerType)} and named lookups} A durable server runs as otp4j's wrapper class, not as
     * the {@link DurableGenServer}'s own class, so a type made of that class does not find it; this type matches
     * every state-snapshot durable server, and the request types {@code C} and {@code K} are the caller's word.
     *
     * @param <C> the calls the caller means to send
     * @param <K> the casts the caller means to send
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <C extends Call<?>, K> ServerType<C, K> serverType() {
        return ServerType.of((Class) SnapshotServer.class);
    }

    /**
     * {@return the type of the servers {@link #eventSourced} makes} (see {@link #serverType()})
     *
     * @param <C> the calls the caller means to send
     * @param <K> the casts the caller means to send
     */
    @SuppressWarnings({"unchecked", "rawtypes"})
    public static <C extends Call<?>, K> ServerType<C, K> eventSourcedType() {
        return ServerType.of((Class) EventSourcedAdapter.class);
    }

    private static String checked(String identity) {
        Objects.requireNonNull(identity, "identity");
        if (identity.isBlank() || identity.length() > 512) {
            throw new IllegalArgumentException("an identity is 1 to 512 characters, not blank, was '" + identity + "'");
        }
        return identity;
    }
}
