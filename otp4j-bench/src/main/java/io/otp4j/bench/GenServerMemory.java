package io.otp4j.bench;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Heap bytes per idle GenServer ({@link BenchCounter} at 0, waiting for a message) and per hibernated one
 * (its init returned {@code Init.ok(0).hibernate()}), measured as {@link IdleProcessMemory} measures idle
 * processes: N servers in a fresh node, heap growth after full collections divided by N, several rounds, the
 * median of the rounds after the first. The servers are started from a process that drops the references
 * {@code start} returns, as the BEAM probe's starter drops the pids: the figure is what the runtime itself
 * holds. The starter process has exited when the heap is measured.
 *
 * <p>Prints {@code RESULT memory_idle <bytes> B} and {@code RESULT memory_hibernated <bytes> B} last.
 *
 * <pre>usage: GenServerMemory [count [rounds]]   (default 200,000 servers, 5 rounds)</pre>
 */
public final class GenServerMemory {

    private GenServerMemory() {}

    public static void main(String[] args) {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        warmUp();
        double idle =
                HeapProbe.measure("idle GenServers", count, rounds, node -> BenchCounter.startMany(node, count, false));
        double hibernated = HeapProbe.measure(
                "hibernated GenServers", count, rounds, node -> BenchCounter.startMany(node, count, true));
        System.out.printf(Locale.ROOT, "RESULT memory_idle %.0f B%n", idle);
        System.out.printf(Locale.ROOT, "RESULT memory_hibernated %.0f B%n", hibernated);
    }

    /** Lets the JIT compile start, init, the server loop's receive, a call and stop, for both kinds. */
    private static void warmUp() {
        try (Node node = Node.start("warm-up")) {
            for (int round = 0; round < 10; round++) {
                List<GenServerRef<BenchCounter.Request<?>, BenchCounter.Message>> batch = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    batch.add(i % 2 == 0 ? BenchCounter.start(node) : BenchCounter.startHibernating(node));
                }
                HeapProbe.awaitAllWaiting(node);
                for (var server : batch) {
                    server.call(BenchCounter.GET);
                    server.stop();
                }
                HeapProbe.awaitNoProcesses(node);
            }
        }
    }
}
