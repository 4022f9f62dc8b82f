package io.otp4j.process;

import java.util.Objects;

/**
 * The result of {@link ProcessContext#spawnMonitor}: the new process and the monitor on it.
 *
 * @param pid the new process
 * @param ref the monitor, set before the process ran its first instruction
 */
public record SpawnedMonitor(Pid pid, MonitorRef ref) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public SpawnedMonitor {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(ref, "ref");
    }
}
