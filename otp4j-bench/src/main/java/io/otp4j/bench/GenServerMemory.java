package io.otp4j.bench;

import java.util.Locale;

/**
 * Heap bytes per idle GenServer ({@link BenchCounter} at 0, waiting for a message) or per hibernated one (its init
 * returned {@code Init.ok(0).hibernate()}), measured as {@link IdleProcessMemory} measures idle processes: N
 * servers in a fresh node, heap growth after full collections divided by N. The figure is the first population's
 * in this JVM, with no warm-up before it: what an application's first servers cost. Later rounds are printed for
 * comparison (they read lower once the code is compiled). Run one JVM per kind and per round. The servers are
 * started from a process that drops the references {@code start} returns, as the BEAM probe's starter drops the
 * pids: the figure is what the runtime itself holds. The starter process has exited when the heap is measured.
 *
 * <p>Prints {@code RESULT memory_idle <bytes> B} or {@code RESULT memory_hibernated <bytes> B} last.
 *
 * <pre>usage: GenServerMemory idle|hibernated [count [rounds]]   (default 200,000 servers, 1 round)</pre>
 */
public final class GenServerMemory {

    private GenServerMemory() {}

    public static void main(String[] args) {
        if (args.length == 0 || !(args[0].equals("idle") || args[0].equals("hibernated"))) {
            throw new IllegalArgumentException("usage: GenServerMemory idle|hibernated [count [rounds]]");
        }
        boolean hibernated = args[0].equals("hibernated");
        int count = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        double bytes = HeapProbe.measure(
                hibernated ? "hibernated GenServers" : "idle GenServers",
                count,
                rounds,
                node -> BenchCounter.startMany(node, count, hibernated));
        System.out.printf(Locale.ROOT, "RESULT %s %.0f B%n", hibernated ? "memory_hibernated" : "memory_idle", bytes);
    }
}
