package io.otp4j.cache;

/** Why an entry left a {@link Cache}, as a {@link RemovalListener} is told. */
public enum RemovalCause {
    /** Its time to live ran out. */
    EXPIRED,
    /** The size bound pushed it out. */
    EVICTED,
    /** It was deleted ({@link Cache#delete}). */
    DELETED,
    /** A write gave the key a new value; the listener sees the old one. */
    REPLACED;

    /** {@return whether the cache removed the entry by itself (expired or evicted), not a caller} */
    public boolean wasEvicted() {
        return this == EXPIRED || this == EVICTED;
    }
}
