package io.otp4j.process;

import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/** Code outside any process waiting for one to end ({@link Node#await}). */
final class ExitWaits {

    private ExitWaits() {}

    /** {@return what completes with {@code pid}'s exit reason} */
    static CompletableFuture<ExitReason> exitOf(Node node, Pid pid) {
        ProcessImpl p = pid.process;
        CompletableFuture<ExitReason> exit = new CompletableFuture<>();
        if (p == null) {
            if (node.isLocal(pid)) {
                exit.complete(ExitReason.noproc());
            } else {
                // A process of another node: a local process monitors it on the waiter's behalf.
                node.spawn(self -> {
                    self.monitor(pid);
                    exit.complete(self.receive(Down.class).reason());
                });
            }
            return exit;
        }
        synchronized (p) {
            if (p.dead) {
                // Set before the process was marked dead, and kept: the reason it exited with.
                exit.complete(Objects.requireNonNull(p.pendingExit(), "a dead process keeps its exit reason"));
            } else {
                p.relations().waiters().add(exit);
            }
        }
        return exit;
    }

    /** Forgets a waiter that gave up. */
    static void forget(Pid pid, CompletableFuture<ExitReason> exit) {
        ProcessImpl p = pid.process;
        if (p != null) {
            synchronized (p) {
                Relations r = p.relations;
                if (r != null && r.waiters != null) {
                    r.waiters.remove(exit);
                }
            }
        }
    }
}
