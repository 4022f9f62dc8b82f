package io.otp4j.process;

/**
 * Hibernation: a waiting process gives up its thread and stack, keeping its mailbox, relations and the body to
 * resume with; the next message or exit signal gives it a new thread (see {@link
 * io.otp4j.internal.Mailbox#prepareDormant}), or for a pooled process a worker of its node ({@link Workers}).
 */
final class Dormancy {

    private Dormancy() {}

    /**
     * Gives up the calling thread. {@return true if the thread must end}, false if something arrived meanwhile
     * and it should run the resume body itself.
     */
    static boolean goDormant(ProcessImpl p) {
        // Only a pooled process is ever lent a thread: a hibernating one need not look.
        Lending.Frame lent = p.pooled ? Lending.of(p) : null;
        if (lent != null && lent.handOff) {
            // Leaving a lent thread with work of its own (Lending.leave): not dormant, runnable on a worker now.
            // Its mailbox's owner is not waiting, so no sender wakes it meanwhile.
            lent.handOff = false;
            p.leaveThread();
            p.node.workers.schedule(p);
            return true;
        }
        p.idle();
        p.leaveThread(); // before the flag: a waker that sees the flag writes the new thread after this
        p.mailbox.prepareDormant(p);
        if (!p.mailbox.hasNew() && p.pendingExit() == null) {
            return true;
        }
        if (p.mailbox.claimDormant()) {
            if (lent != null && lent.done()) {
                wake(p); // on a lent thread whose lender has its answer: a worker takes what came
                return true;
            }
            Thread self = Thread.currentThread();
            p.thread = self;
            p.mailbox.owner(self);
            return false;
        }
        return true; // a sender claimed the wake-up first and is starting a new thread
    }

    /** Ends a dormancy: called once by the party that claimed it. */
    static void wake(ProcessImpl p) {
        if (p.pooled) {
            p.node.workers.schedule(p);
            return;
        }
        Thread t = p.node.newThread(p);
        ThreadNames.name(p, t);
        p.thread = t;
        p.mailbox.owner(t);
        t.start();
    }
}
