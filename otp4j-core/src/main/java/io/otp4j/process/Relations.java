package io.otp4j.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import org.jspecify.annotations.Nullable;

/**
 * A process's links, monitors, names and timers. Guarded by the owning process's monitor; each part is
 * created on first use, so a process that has none costs nothing here.
 */
@SuppressWarnings("NonApiType") // concrete types on purpose: package-private, lazily sized, no indirection
final class Relations {
    @Nullable
    HashSet<ProcessImpl> links;
    /** Monitors this process holds on others. */
    @Nullable
    HashMap<MonitorRef, ProcessImpl> monitors;
    /** Monitors others hold on this process, with the watcher. */
    @Nullable
    HashMap<MonitorRef, ProcessImpl> monitoredBy;

    @Nullable
    ArrayList<String> names;
    /** Timers whose destination is this process: cancelled when it exits. */
    @Nullable
    HashSet<TimerRef> timers;

    HashSet<ProcessImpl> links() {
        HashSet<ProcessImpl> value = links;
        if (value == null) {
            value = new HashSet<>(4);
            links = value;
        }
        return value;
    }

    HashMap<MonitorRef, ProcessImpl> monitors() {
        HashMap<MonitorRef, ProcessImpl> value = monitors;
        if (value == null) {
            value = new HashMap<>(4);
            monitors = value;
        }
        return value;
    }

    HashMap<MonitorRef, ProcessImpl> monitoredBy() {
        HashMap<MonitorRef, ProcessImpl> value = monitoredBy;
        if (value == null) {
            value = new HashMap<>(4);
            monitoredBy = value;
        }
        return value;
    }

    ArrayList<String> names() {
        ArrayList<String> value = names;
        if (value == null) {
            value = new ArrayList<>(1);
            names = value;
        }
        return value;
    }

    HashSet<TimerRef> timers() {
        HashSet<TimerRef> value = timers;
        if (value == null) {
            value = new HashSet<>(4);
            timers = value;
        }
        return value;
    }
}
