package io.otp4j.persistence;

/**
 * A stored event, as {@link DurableStore#replay} hands it over.
 *
 * @param sequence its sequence number: 1 for an identity's first event
 * @param schemaVersion the schema version it was written at
 * @param payload its bytes
 */
public record StoredEvent(long sequence, int schemaVersion, byte[] payload) {}
