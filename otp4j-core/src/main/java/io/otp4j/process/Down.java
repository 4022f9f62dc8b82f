package io.otp4j.process;

import java.util.Objects;

/**
 * The message a monitor delivers when its process exits: Erlang's {@code {'DOWN', Ref, process, Pid,
 * Reason}}. A monitor on a process that is already gone delivers it at once with {@link ExitReason#noproc()}.
 *
 * @param ref the monitor
 * @param pid the monitored process
 * @param reason why it exited
 */
public record Down(MonitorRef ref, Pid pid, ExitReason reason) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public Down {
        Objects.requireNonNull(ref, "ref");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(reason, "reason");
    }
}
