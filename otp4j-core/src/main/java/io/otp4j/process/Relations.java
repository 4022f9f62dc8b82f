package io.otp4j.process;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * A process's links, monitors, names, timers and exit waiters: the data, guarded by the owning process's
 * monitor. Each part is created on first use, so a process that has none costs nothing here. Links and
 * monitors are kept by {@link Pid}, so a pid of another node (reached through the node's remote route) is
 * held exactly like a local one; {@link Bonds} holds the logic.
 */
@SuppressWarnings("NonApiType") // concrete types on purpose: package-private, lazily sized, no indirection
final class Relations {
    @Nullable
    HashSet<Pid> links;
    /** Monitors this process holds on others, with the target. */
    @Nullable
    HashMap<MonitorRef, Pid> monitors;
    /** Monitors others hold on this process, with the watcher. */
    @Nullable
    HashMap<MonitorRef, Pid> monitoredBy;

    @Nullable
    ArrayList<String> names;
    /** Timers whose destination is this process: cancelled when it exits. */
    @Nullable
    HashSet<TimerRef> timers;
    /** Code outside any process waiting for this one to end ({@link Node#await}). */
    @Nullable
    ArrayList<CompletableFuture<ExitReason>> waiters;

    HashSet<Pid> links() {
        HashSet<Pid> value = links;
        if (value == null) {
            value = new HashSet<>(4);
            links = value;
        }
        return value;
    }

    HashMap<MonitorRef, Pid> monitors() {
        HashMap<MonitorRef, Pid> value = monitors;
        if (value == null) {
            value = new HashMap<>(4);
            monitors = value;
        }
        return value;
    }

    HashMap<MonitorRef, Pid> monitoredBy() {
        HashMap<MonitorRef, Pid> value = monitoredBy;
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

    ArrayList<CompletableFuture<ExitReason>> waiters() {
        ArrayList<CompletableFuture<ExitReason>> value = waiters;
        if (value == null) {
            value = new ArrayList<>(1);
            waiters = value;
        }
        return value;
    }
}
