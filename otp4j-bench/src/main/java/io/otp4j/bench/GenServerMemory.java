package io.otp4j.bench;

import io.otp4j.process.Node;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * Heap bytes per idle GenServer ({@link BenchCounter} at 0, waiting for a message), per hibernated one (its init
 * returned {@code Init.ok(0).hibernate()}) or per idle pooled one ({@code StartOptions.withPooled()}), measured as
 * {@link IdleProcessMemory} measures idle processes: N servers in a fresh node, heap growth after full collections
 * divided by N. The figure is the first population's in this JVM, with no warm-up before it: what an application's
 * first servers cost. Later rounds are printed for comparison (they read lower once the code is compiled). Run one
 * JVM per kind and per round. The servers are started from a process that drops the references {@code start}
 * returns, as the BEAM probe's starter drops the pids: the figure is what the runtime itself holds. The starter
 * process has exited when the heap is measured.
 *
 * <p>Prints {@code RESULT memory_idle|memory_hibernated|memory_pooled <bytes> B} last.
 *
 * <pre>usage: GenServerMemory idle|hibernated|pooled [count [rounds]]   (default 200,000 servers, 1 round)</pre>
 */
public final class GenServerMemory {

    private GenServerMemory() {}

    public static void main(String[] args) {
        if (args.length == 0 || !List.of("idle", "hibernated", "pooled").contains(args[0])) {
            throw new IllegalArgumentException("usage: GenServerMemory idle|hibernated|pooled [count [rounds]]");
        }
        String kind = args[0];
        int count = args.length > 1 ? Integer.parseInt(args[1].replace("_", "")) : 200_000;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        Consumer<Node> start = switch (kind) {
            case "hibernated" -> BenchCounter::startHibernating;
            case "pooled" -> BenchCounter::startPooled;
            default -> BenchCounter::start;
        };
        double bytes = HeapProbe.measure(
                kind + " GenServers", count, rounds, node -> BenchCounter.startMany(node, count, start));
        System.out.printf(Locale.ROOT, "RESULT memory_%s %.0f B%n", kind, bytes);
    }
}
