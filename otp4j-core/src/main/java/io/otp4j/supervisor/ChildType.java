package io.otp4j.supervisor;

/** Whether a child is a worker or a supervisor in its own right (Erlang's {@code type} of a child spec). */
public enum ChildType {
    /** A worker: any process that is not a supervisor. */
    WORKER,
    /** A supervisor: the root of a subtree. Its default shutdown is {@link Shutdown#infinity()}. */
    SUPERVISOR
}
