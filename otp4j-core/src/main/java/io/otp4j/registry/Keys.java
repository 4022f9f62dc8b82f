package io.otp4j.registry;

/** Whether a key of a {@link Registry} names at most one process, or any number of them. */
public enum Keys {
    /** A key points to at most one process: a name service. Registering a taken key fails. */
    UNIQUE,
    /**
     * A key points to any number of processes, and a process may register one key several times: process groups,
     * pub/sub topics.
     */
    DUPLICATE
}
