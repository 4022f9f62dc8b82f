package io.otp4j.process;

import io.otp4j.time.Clock;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * How a node closes: the roots of supervision trees first, one at a time, newest first; then every other
 * process gets {@code shutdown}; what is left after the grace period is killed. Waits on real time (a close is
 * an operator's action, not a timer a test advances).
 */
@SuppressWarnings("ReferenceEquality") // processes are compared by identity: one object per live process
final class NodeClosing {

    private static final System.Logger LOG = System.getLogger("io.otp4j.process");

    private final Node node;
    private final ProcessTable processes;
    private final ReentrantLock exitLock = new ReentrantLock();
    private final Condition someoneExited = exitLock.newCondition();

    /** Roots of trees that {@link #close} stops first, by the order they asked in. */
    private final ConcurrentHashMap<Pid, Long> stopFirst = new ConcurrentHashMap<>();

    private final AtomicLong stopFirstOrder = new AtomicLong();

    NodeClosing(Node node, ProcessTable processes) {
        this.node = node;
        this.processes = processes;
    }

    void stopFirst(ProcessImpl p) {
        stopFirst.putIfAbsent(p.pid, stopFirstOrder.incrementAndGet());
        if (!p.isAlive()) {
            stopFirst.remove(p.pid); // it exited meanwhile: exited() may have run before the put
        }
    }

    /** A process has left the node. */
    void exited(ProcessImpl p) {
        stopFirst.remove(p.pid);
        if (node.isClosed()) { // someone may wait in close()
            exitLock.lock();
            try {
                someoneExited.signalAll();
            } finally {
                exitLock.unlock();
            }
        }
    }

    /** See {@link Node#close(Duration)}; the node has marked itself closed. */
    void close(Duration grace) {
        long deadline = Deadline.after(Clock.system(), Deadline.saturatedNanos(grace));
        stopTreesFirst(deadline);
        for (ProcessImpl p : processes) {
            Signals.reach(p, node.pid(), ExitReason.shutdown(), false);
        }
        if (awaitAll(deadline)) {
            return;
        }
        for (ProcessImpl p : processes) {
            Signals.reach(p, node.pid(), ExitReason.kill(), false);
        }
        if (!awaitAll(Deadline.after(Clock.system(), Deadline.saturatedNanos(grace)))) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    "node {0} closed with {1} process(es) that ignored kill (busy in code that never blocks): {2}",
                    node.name(),
                    processes.size(),
                    node.processes());
        }
    }

    /**
     * Stops the roots that asked to go first, newest first, each waited for until {@code deadline}; a root still
     * alive then is left to the general shutdown that follows.
     */
    private void stopTreesFirst(long deadline) {
        List<Pid> roots = new ArrayList<>(stopFirst.keySet());
        roots.sort((a, b) -> Long.compare(stopFirst.getOrDefault(b, 0L), stopFirst.getOrDefault(a, 0L)));
        Thread caller = Thread.currentThread();
        for (Pid root : roots) {
            ProcessImpl p = root.process;
            if (p == null || p.thread == caller) {
                continue;
            }
            Signals.reach(p, node.pid(), ExitReason.shutdown(), false);
            if (!await(() -> processes.get(p.pid) != p, deadline)) {
                return;
            }
        }
    }

    /**
     * Waits for every process but the caller's own (a process may close its node) to leave the node. A process
     * leaves last thing on its thread, so once it has left it runs no more code of its own.
     */
    private boolean awaitAll(long deadline) {
        Thread caller = Thread.currentThread();
        ProcessImpl self = null;
        if (caller.isVirtual()) {
            for (ProcessImpl p : processes) {
                if (p.thread == caller) {
                    self = p;
                    break;
                }
            }
        }
        ProcessImpl me = self;
        return await(
                () -> processes.isEmpty() || (me != null && processes.size() == 1 && processes.contains(me.pid)),
                deadline);
    }

    private boolean await(BooleanSupplier done, long deadline) {
        exitLock.lock();
        try {
            while (!done.getAsBoolean()) {
                long remaining = deadline - System.nanoTime();
                if (remaining <= 0) {
                    return false;
                }
                someoneExited.await(Math.min(remaining, 10_000_000L), TimeUnit.NANOSECONDS);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            exitLock.unlock();
        }
    }
}
