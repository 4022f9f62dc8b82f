package io.otp4j.process;

/** What a process is doing, as {@link ProcessInfo} reports it. */
public enum ProcessStatus {
    /** Running code: handling a message, or between receives. */
    RUNNING,
    /** Blocked in {@code receive}, waiting for a message. */
    WAITING,
    /**
     * Waiting for a message without a thread, after {@link ProcessContext#hibernate(ProcessBody)}: the next message
     * or exit signal gives it one.
     */
    HIBERNATING,
    /** Held by {@link Node#suspend(Pid)}: it takes no message until resumed. */
    SUSPENDED,
    /** An exit signal has reached it, or it is running its exit; it takes no more messages. */
    EXITING
}
