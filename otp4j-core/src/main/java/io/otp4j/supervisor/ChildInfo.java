package io.otp4j.supervisor;

import io.otp4j.process.Pid;
import java.util.Objects;
import java.util.Optional;

/**
 * One child of a supervisor, as {@link Supervisor#whichChildren} reports it (Erlang's {@code {Id, Child, Type,
 * Modules}}).
 *
 * @param id the child spec's id
 * @param pid the child's process while it runs
 * @param status running, restarting or not running
 * @param type worker or supervisor
 */
public record ChildInfo(String id, Optional<Pid> pid, ChildStatus status, ChildType type) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public ChildInfo {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(type, "type");
    }
}
