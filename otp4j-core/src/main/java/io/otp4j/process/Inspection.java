package io.otp4j.process;

import io.otp4j.internal.BoundedMailbox;
import io.otp4j.internal.Spinning;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** Looking at a process from outside ({@code info}) and pausing it ({@code suspend}, {@code resume}). */
final class Inspection {

    private Inspection() {}

    static @Nullable ProcessInfo info(ProcessImpl p) {
        List<Pid> links = new ArrayList<>();
        List<Pid> monitors = new ArrayList<>();
        List<Pid> monitoredBy = new ArrayList<>();
        List<String> names = new ArrayList<>();
        boolean isSuspended;
        synchronized (p) {
            if (p.dead) {
                return null;
            }
            isSuspended = p.suspendCount > 0;
            Relations r = p.relations;
            if (r != null) {
                if (r.links != null) {
                    links.addAll(r.links);
                }
                if (r.monitors != null) {
                    monitors.addAll(r.monitors.values());
                }
                if (r.monitoredBy != null) {
                    monitoredBy.addAll(r.monitoredBy.values());
                }
                if (r.names != null) {
                    names.addAll(r.names);
                }
            }
        }
        ProcessStatus status = status(p, isSuspended);
        Class<?> type = p.currentType();
        Duration onIt = timeOn(p, type);
        links.sort(null);
        monitors.sort(null);
        monitoredBy.sort(null);
        return new ProcessInfo(
                p.pid,
                status,
                p.mailbox.size(),
                p.handled(),
                p.mailbox.dropped(),
                mailboxConfig(p),
                Optional.ofNullable(type),
                onIt,
                links,
                monitors,
                monitoredBy,
                names,
                p.trapExits);
    }

    /** {@return a light summary of the process, or null if it is not alive} */
    static @Nullable ProcessSummary summary(ProcessImpl p) {
        String name;
        boolean isSuspended;
        synchronized (p) {
            if (p.dead) {
                return null;
            }
            isSuspended = p.suspendCount > 0;
            Relations r = p.relations;
            name = r == null || r.names == null || r.names.isEmpty() ? null : r.names.get(0);
        }
        Class<?> type = p.currentType();
        return new ProcessSummary(
                p.pid,
                status(p, isSuspended),
                p.mailbox.size(),
                p.handled(),
                Optional.ofNullable(type),
                timeOn(p, type),
                Optional.ofNullable(name));
    }

    private static ProcessStatus status(ProcessImpl p, boolean isSuspended) {
        if (p.pendingExit() != null) {
            return ProcessStatus.EXITING;
        } else if (isSuspended) {
            return ProcessStatus.SUSPENDED;
        } else if (p.mailbox.isDormant()) {
            // A pooled process is dormant at every wait (a hint: read without order from the owner's writes).
            return p.pooled ? ProcessStatus.WAITING : ProcessStatus.HIBERNATING;
        } else if (p.mailbox.isWaiting()) {
            return ProcessStatus.WAITING;
        }
        return ProcessStatus.RUNNING;
    }

    /** {@return how long the process has been on its current message of type {@code type} (zero if none)} */
    private static Duration timeOn(ProcessImpl p, @Nullable Class<?> type) {
        long since = p.currentSince();
        return type == null
                ? Duration.ZERO
                : Duration.ofNanos(Math.max(0, p.node.clock().nanoTime() - since));
    }

    /** {@return the mailbox's kind, as chosen at spawn} (a bounded mailbox keeps its own; see Node.newMailbox) */
    static MailboxConfig mailboxConfig(ProcessImpl p) {
        return p.mailbox instanceof BoundedMailbox b && b.settings() instanceof MailboxConfig config
                ? config
                : MailboxConfig.unbounded();
    }

    static void suspend(ProcessImpl p) {
        synchronized (p) {
            if (p.dead) {
                throw new NoProcException(p.pid, "suspend");
            }
            p.suspendCount++;
            p.suspended = true;
        }
    }

    static boolean resume(ProcessImpl p) {
        synchronized (p) {
            if (p.suspendCount == 0) {
                return false;
            }
            if (--p.suspendCount == 0) {
                p.suspended = false;
            }
        }
        Thread t = p.thread;
        if (t != null) {
            LockSupport.unpark(t);
        }
        return true;
    }

    /** Owner only: parks while the process is suspended and no exit signal has reached it. */
    static void awaitResume(ProcessImpl p) {
        while (p.suspended && p.pendingExit() == null) {
            LockSupport.park(p);
            p.sliceStart = Spinning.NO_SLICE;
            Thread.interrupted();
        }
    }
}
