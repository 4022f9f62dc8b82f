package io.otp4j.supervisor;

/** When a supervisor restarts a child that exited (Erlang's {@code restart} of a child spec). */
public enum Restart {
    /** Always restarted ({@code permanent}). */
    PERMANENT,
    /**
     * Restarted only when it exits abnormally: not with {@code normal}, {@code shutdown} or {@code {shutdown,
     * Detail}} ({@code transient}).
     */
    TRANSIENT,
    /** Never restarted; its spec is forgotten when it exits ({@code temporary}). */
    TEMPORARY
}
