package io.otp4j.process;

import org.jspecify.annotations.Nullable;

/**
 * The names of process threads, so that a JDK thread dump ({@code jcmd <pid> Thread.dump_to_file}) tells which
 * process each thread runs: {@code otp4j <node.id>}, then the first registered name, if any (e.g. {@code otp4j
 * <demo.42> limiter}). Set before a thread starts (at spawn, and when a hibernating process wakes) and again when
 * the process registers or drops a name.
 */
final class ThreadNames {

    private ThreadNames() {}

    /** {@return the thread name of the process {@code pid} registered first as {@code name}, or as nothing} */
    static String of(Pid pid, @Nullable String name) {
        String base = "otp4j " + pid;
        return name == null ? base : base + " " + name;
    }

    /** Names {@code p}'s thread after its pid and names now; the caller holds {@code p}'s monitor. */
    static void renameLocked(ProcessImpl p) {
        Thread t = p.thread;
        if (t != null) {
            t.setName(of(p.pid, firstName(p.relations)));
        }
    }

    /** Names {@code t}, the new thread of {@code p}, after its pid and names now. */
    static void name(ProcessImpl p, Thread t) {
        String name;
        synchronized (p) {
            name = firstName(p.relations);
        }
        t.setName(of(p.pid, name));
    }

    private static @Nullable String firstName(@Nullable Relations r) {
        return r == null || r.names == null || r.names.isEmpty() ? null : r.names.get(0);
    }
}
