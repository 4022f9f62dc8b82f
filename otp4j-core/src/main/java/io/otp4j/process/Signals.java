package io.otp4j.process;

import java.util.Objects;

/**
 * Exit signals: sending one to a pid (local or on another node) and what one does as it reaches a local process
 * (Erlang's rules: {@code kill} cannot be trapped, a trapping process gets an {@link Exit} message, {@code
 * normal} is ignored unless it comes from the process itself).
 */
final class Signals {

    private Signals() {}

    /** Sends the exit signal of {@code exit(to, reason)} from {@code from} (a local process or the node). */
    static void send(Node node, Pid from, Pid to, ExitReason reason) {
        Objects.requireNonNull(to, "pid");
        Objects.requireNonNull(reason, "reason");
        ProcessImpl target = to.process;
        if (target != null) {
            reach(target, from, reason, false);
        } else if (!node.isLocal(to)) {
            node.route().exit(from, to, reason, false);
        }
    }

    /**
     * An exit signal from {@code from} reaches {@code p}.
     *
     * @param viaLink whether it comes from a linked process's exit (else from {@code exit(pid, reason)})
     */
    static void reach(ProcessImpl p, Pid from, ExitReason reason, boolean viaLink) {
        if (p.dead) {
            return;
        }
        if (!viaLink && reason instanceof ExitReason.Kill) {
            exitAsync(p, ExitReason.killed());
        } else if (p.trapExits) {
            p.deliverSystem(new Exit(from, reason));
        } else if (!reason.isNormal()) {
            exitAsync(p, reason);
        } else if (!viaLink && from.equals(p.pid)) {
            exitAsync(p, reason); // exit(self(), normal) ends the caller
        }
    }

    /** Makes {@code p} exit with {@code reason} at its next receive or blocking call. First reason wins. */
    private static void exitAsync(ProcessImpl p, ExitReason reason) {
        if (p.setPendingExit(reason)) {
            Thread t = p.thread;
            if (t == null || p.mailbox.isDormant()) {
                if (p.mailbox.claimDormant()) {
                    p.wake(); // a hibernating process needs a thread to exit on
                }
            } else if (Thread.currentThread() != t) {
                p.interruptIfStill(t);
            }
        }
    }

    /**
     * Throws the process's own exit if a signal reached it while a send waited for room; else {@return {@code
     * e}, the send's own failure, for the caller to throw}
     */
    static MailboxFullException exitIfPending(ProcessImpl p, MailboxFullException e) {
        ExitReason pending = p.pendingExit();
        if (pending != null) {
            throw ExitSignal.of(pending);
        }
        return e;
    }
}
