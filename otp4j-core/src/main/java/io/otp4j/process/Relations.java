package io.otp4j.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import org.jspecify.annotations.Nullable;

/**
 * A process's links, monitors, names and timers. Guarded by the owning process's monitor; each part is
 * created on first use, so a process that has none costs nothing here.
 */
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
        HashSet<ProcessImpl> l = links;
        return l != null ? l : (links = new HashSet<>(4));
    }

    HashMap<MonitorRef, ProcessImpl> monitors() {
        HashMap<MonitorRef, ProcessImpl> m = monitors;
        return m != null ? m : (monitors = new HashMap<>(4));
    }

    HashMap<MonitorRef, ProcessImpl> monitoredBy() {
        HashMap<MonitorRef, ProcessImpl> m = monitoredBy;
        return m != null ? m : (monitoredBy = new HashMap<>(4));
    }

    ArrayList<String> names() {
        ArrayList<String> n = names;
        return n != null ? n : (names = new ArrayList<>(1));
    }

    HashSet<TimerRef> timers() {
        HashSet<TimerRef> t = timers;
        return t != null ? t : (timers = new HashSet<>(4));
    }
}
