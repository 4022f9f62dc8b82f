package io.otp4j.process;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A node's processes as observing tools see them (from {@link Node#view()}): a walk over light summaries that
 * takes no copy of the process table, a look-up by number, and the stack of a process's thread.
 *
 * <p>Every answer is a snapshot: a process may exit, or take another message, right after it was looked at.
 */
public final class ProcessView {

    private final Node node;

    ProcessView(Node node) {
        this.node = node;
    }

    /**
     * Calls {@code visitor} with a summary of each live process, in no particular order. Processes spawned or
     * exiting during the walk may or may not be seen.
     *
     * @param visitor called once per live process, on the calling thread; must not block
     */
    public void forEach(Consumer<? super ProcessSummary> visitor) {
        Objects.requireNonNull(visitor, "visitor");
        for (ProcessImpl p : node.processes) {
            ProcessSummary summary = Inspection.summary(p);
            if (summary != null) {
                visitor.accept(summary);
            }
        }
    }

    /**
     * {@return the live process of this node with this number ({@link Pid#id()}), if there is one}
     *
     * @param id the process's number, as {@link Pid#id()} gives it
     */
    public Optional<Pid> find(long id) {
        ProcessImpl p = node.processes.get(id);
        // An exiting process stays in the table until its exit sequence ends, after it stopped being alive.
        return p == null || !p.isAlive() ? Optional.empty() : Optional.of(p.pid);
    }

    /**
     * {@return a summary of the process, or empty if it is not alive}
     *
     * @param pid a process of this node
     */
    public Optional<ProcessSummary> summary(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl p = pid.process;
        return p == null ? Optional.empty() : Optional.ofNullable(Inspection.summary(p));
    }

    /**
     * {@return the current stack of the process's thread, innermost frame first} Empty if the process is not
     * alive, hibernates (it has no thread then) or its thread has not started yet.
     *
     * @param pid a process of this node
     */
    public List<StackTraceElement> stack(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl p = pid.process;
        Thread t = p == null ? null : p.thread;
        if (p == null || t == null) {
            return List.of();
        }
        StackTraceElement[] frames = t.getStackTrace();
        // Read after the trace: a process that has exited keeps its thread for a moment while the thread ends.
        return p.isAlive() ? List.of(frames) : List.of();
    }
}
