package io.otp4j.process;

import io.otp4j.internal.Carried;
import io.otp4j.process.jfr.Events;
import io.otp4j.process.spi.ProcessExtension;
import io.otp4j.process.spi.ProcessHooks;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/**
 * What happens once a process's body has ended, on the process's own thread: its extension is told, its
 * mailbox closes, a crash is reported, and then everyone who asked is told (names go, timers are cancelled,
 * links and monitors fire, waiters wake) before it leaves its node.
 *
 * <p>A dead process holds nothing but its exit reason: it drops its body, its extension, its thread and its
 * relations, so a pid kept in a map after the exit does not keep the process's last state reachable.
 */
final class ExitSequence {

    private static final System.Logger LOG = System.getLogger("io.otp4j.process");

    private ExitSequence() {}

    static void run(ProcessImpl p, ExitReason reason, @Nullable Throwable crash) {
        Thread.interrupted(); // an exit signal's interrupt has done its work
        // The reason stays with the dead process (it is the one thing it keeps), so that Node.await on a process
        // that has already exited still answers with it; no signal can replace it from here on.
        p.setPendingExit(reason);
        Class<?> lastType = p.currentType();
        p.idle();
        Relations r;
        synchronized (p) {
            p.dead = true;
            r = p.relations;
            p.relations = null;
        }
        ProcessExtension extension = p.extension;
        if (extension != null) {
            runExtension(p, () -> extension.exiting(p.pid, reason));
        }
        List<Object> left = p.mailbox.close();
        left.replaceAll(Carried::unwrap);
        if (extension != null) {
            runExtension(p, () -> extension.unhandled(p.pid, reason, List.copyOf(left)));
        }
        p.extension = null;
        p.body = null;
        p.mailbox.release();
        if (crash != null) {
            report(p, crash, lastType, r);
        }
        if (r != null) {
            if (r.names != null) {
                for (String name : r.names) {
                    p.node.nameGone(name, p);
                }
            }
            if (r.timers != null) {
                r.timers.forEach(TimerRef::cancelSilently);
            }
            Bonds.exited(p, r, reason);
            if (r.waiters != null) {
                for (CompletableFuture<ExitReason> waiter : r.waiters) {
                    waiter.complete(reason);
                }
            }
        }
        p.node.exited(p);
        ProcessHooks hooks = p.node.hooks;
        if (hooks != null) {
            hooks.exited(p.pid, reason);
        }
        Events.exited(
                p.pid, r == null || r.names == null || r.names.isEmpty() ? null : r.names.get(0), lastType, reason);
        p.leaveThread();
        if (extension != null) {
            runExtension(p, () -> extension.gone(p.pid, reason));
        }
    }

    private static void runExtension(ProcessImpl p, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException | Error e) {
            LOG.log(
                    System.Logger.Level.ERROR,
                    () -> "exit extension of process " + p.pid + " failed; the exit goes on",
                    e);
        }
    }

    private static void report(ProcessImpl p, Throwable crash, @Nullable Class<?> last, @Nullable Relations r) {
        List<String> names = r == null || r.names == null ? List.of() : List.copyOf(r.names);
        long handled = p.handled();
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "process " + p.pid + (names.isEmpty() ? "" : " " + names) + " crashed: " + crash
                        + "\n  pid: " + p.pid
                        + (names.isEmpty() ? "" : "\n  name: " + String.join(", ", names))
                        + "\n  last message: " + (last == null ? "none" : last.getName())
                        + "\n  messages handled: " + handled,
                crash);
    }
}
