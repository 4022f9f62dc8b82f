package io.otp4j.bench;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.List;

/**
 * Heap bytes per idle process: spawns N processes that each wait in {@code receive()}, and divides the growth
 * of the used heap, after full collections, by N. A parked virtual thread keeps its stack in a heap object,
 * so the figure includes the thread, its stack, the mailbox, the pid and the node's bookkeeping.
 *
 * <p>The measurement repeats in fresh nodes, and the first round's figure is reported: the first population of
 * a fresh JVM, as an application's first processes. Later rounds, printed too, read lower once the code is
 * compiled (see {@link HeapProbe}).
 *
 * <pre>usage: IdleProcessMemory [count [rounds]]   (default 200,000 processes, 5 rounds)</pre>
 */
public final class IdleProcessMemory {

    private IdleProcessMemory() {}

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 200_000;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        warmUp();
        HeapProbe.measure("idle processes", count, rounds, node -> {
            for (int i = 0; i < count; i++) {
                node.spawn(self -> self.receive());
            }
        });
    }

    /** Lets the JIT compile spawn, receive (including its parking path) and exit. */
    private static void warmUp() {
        try (Node node = Node.start("warm-up")) {
            for (int round = 0; round < 40; round++) {
                List<Pid> batch = new ArrayList<>();
                for (int i = 0; i < 5_000; i++) {
                    batch.add(node.spawn(self -> self.receive()));
                }
                HeapProbe.awaitAllWaiting(node);
                batch.forEach(pid -> node.send(pid, "wake"));
                HeapProbe.awaitNoProcesses(node);
            }
        }
    }
}
