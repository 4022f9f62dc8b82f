package io.otp4j.persistence;

/** Tells a durable server that durable casts wait in its store's queue: {@link Durable#cast} sends it. */
enum DurableCastQueued {
    INSTANCE
}
