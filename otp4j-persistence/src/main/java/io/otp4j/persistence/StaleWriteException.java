package io.otp4j.persistence;

/**
 * A write by an incarnation of an identity that is no longer the current one, or from a version the store has
 * moved past: one writer per identity. The message names both: the writer's incarnation and version, and the
 * store's.
 */
public final class StaleWriteException extends DurableException {

    private static final long serialVersionUID = 1L;

    /** The identity written to. */
    private final String identity;

    /** The incarnation that tried to write. */
    private final long writerIncarnation;

    /** The version the writer expected the store to hold. */
    private final long writerVersion;

    /** The incarnation the store holds. */
    private final long storedIncarnation;

    /** The version the store holds. */
    private final long storedVersion;

    /**
     * A refusal of the write by {@code writerIncarnation} at {@code writerVersion}.
     *
     * @param identity the identity written to
     * @param writerIncarnation the incarnation that tried to write
     * @param writerVersion the version the writer expected the store to hold
     * @param storedIncarnation the incarnation the store holds
     * @param storedVersion the version the store holds
     */
    public StaleWriteException(
            String identity, long writerIncarnation, long writerVersion, long storedIncarnation, long storedVersion) {
        super("the write to '" + identity + "' by incarnation " + writerIncarnation + " at version " + writerVersion
                + " was refused: the store holds incarnation " + storedIncarnation + " at version " + storedVersion);
        this.identity = identity;
        this.writerIncarnation = writerIncarnation;
        this.writerVersion = writerVersion;
        this.storedIncarnation = storedIncarnation;
        this.storedVersion = storedVersion;
    }

    /** {@return the identity written to} */
    public String identity() {
        return identity;
    }

    /** {@return the incarnation that tried to write} */
    public long writerIncarnation() {
        return writerIncarnation;
    }

    /** {@return the version the writer expected the store to hold} */
    public long writerVersion() {
        return writerVersion;
    }

    /** {@return the incarnation the store holds} */
    public long storedIncarnation() {
        return storedIncarnation;
    }

    /** {@return the version the store holds} */
    public long storedVersion() {
        return storedVersion;
    }
}
