package io.otp4j.genserver;

/**
 * What {@link GenServer#formatStatus} returns for a server whose state is persisted, so that {@link Sys#getState}
 * and tools such as the dashboard can show where the state lives and how far it was stored without knowing the
 * store: otp4j's durable servers return one. {@link #state()} is the state as the server's own {@code
 * formatStatus} shows it.
 */
public interface PersistedStatus {

    /** {@return the durable identity the state is stored under} */
    String identity();

    /** {@return a short name of the store} */
    String store();

    /** {@return the incarnation of the identity that this server claimed when it started} */
    long incarnation();

    /** {@return the persisted version: how far the state is stored (a count of writes, or the last event's number)} */
    long version();

    /** {@return the state, as the server's own {@code formatStatus} shows it} */
    Object state();
}
