package io.otp4j.supervisor;

/** What a child of a supervisor is doing, as {@link Supervisor#whichChildren} reports it. */
public enum ChildStatus {
    /** Running: it has a pid. */
    RUNNING,
    /** Waiting to be restarted (a back-off delay, or a start that failed and is tried again): {@code restarting}. */
    RESTARTING,
    /** Not running: terminated, ignored at start, or a transient child that exited normally ({@code undefined}). */
    NOT_RUNNING
}
