package io.otp4j.persistence;

import io.otp4j.genserver.PersistedStatus;

/**
 * What {@link io.otp4j.genserver.Sys#getState} and crash reports show of a durable server: a {@link
 * PersistedStatus}, which the dashboard shows as the server's identity and persisted version.
 *
 * @param identity its durable identity
 * @param store the store's name
 * @param incarnation the incarnation it claimed when it started
 * @param version the persisted version: the count of its state writes, or the sequence number of its last event
 * @param schemaVersion the schema version it writes
 * @param state its state, as its own {@code formatStatus} shows it
 */
public record DurableStatus(
        String identity, String store, long incarnation, long version, int schemaVersion, Object state)
        implements PersistedStatus {}
