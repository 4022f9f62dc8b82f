package io.otp4j.supervisor;

import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Predicate;

/**
 * How a supervisor stops its children and waits until they are gone (OTP's {@code shutdown/2}): one by one in
 * reverse start order, or a dynamic supervisor's all at once, each within its {@link Shutdown} and killed when
 * that passes. Reports a child that exits otherwise than asked. Used by the supervisor's own process only.
 */
final class Shutdowns {

    private final SupervisorServer server;
    private final Children children;

    Shutdowns(SupervisorServer server, Children children) {
        this.server = server;
        this.children = children;
    }

    /** Stops the running children of {@code all}: in reverse order, one by one; or all at once. */
    void stopAll(List<Child> all, boolean together) {
        if (together) {
            stopTogether(all);
            return;
        }
        for (int i = all.size() - 1; i >= 0; i--) {
            if (all.get(i).pid != null) {
                stop(all.get(i));
            }
        }
    }

    /**
     * Stops one running child as its spec says and waits until it is gone: monitor it, signal it, wait for its
     * {@code Down} (within its timeout, then kill it), then drop the link and take the {@code Exit} the link
     * delivered, whose reason is the real one even if the child was gone before the monitor.
     */
    void stop(Child child) {
        Pid pid = Objects.requireNonNull(child.pid);
        children.stopped(pid);
        ProcessContext self = server.context();
        MonitorRef ref = self.monitor(pid);
        ExitReason reason = switch (child.spec.shutdown()) {
            case Shutdown.BrutalKill kill -> {
                self.exit(pid, ExitReason.kill());
                yield awaitDown(ref);
            }
            case Shutdown.Timeout timeout -> {
                self.exit(pid, ExitReason.shutdown());
                Optional<Object> down = self.receive(m -> isDown(m, ref), timeout.timeout());
                if (down.isPresent()) {
                    yield ((Down) down.get()).reason();
                }
                self.exit(pid, ExitReason.kill());
                yield awaitDown(ref);
            }
            case Shutdown.Infinity infinity -> {
                self.exit(pid, ExitReason.shutdown());
                yield awaitDown(ref);
            }
        };
        self.unlink(pid);
        Optional<Object> linked =
                self.receive(m -> m instanceof Exit e && e.from().equals(pid), Duration.ZERO);
        if (linked.isPresent()) {
            reason = ((Exit) linked.get()).reason();
        }
        check(child, pid, reason);
    }

    /**
     * Stops many children at once (a dynamic supervisor's shutdown, as Elixir's): unlink and monitor each, signal
     * them all, then wait for their {@code Down}s, killing those whose timeout passes first.
     */
    private void stopTogether(List<Child> all) {
        ProcessContext self = server.context();
        HashMap<MonitorRef, Child> pending = new HashMap<>();
        // The earliest deadline first; a child's entry stays after its Down and is skipped then.
        PriorityQueue<ChildDeadline> deadlines = new PriorityQueue<>(Comparator.comparingLong(ChildDeadline::at));
        for (Child child : all) {
            Pid pid = child.pid;
            if (pid == null) {
                continue;
            }
            children.stopped(pid);
            MonitorRef ref = self.monitor(pid);
            self.unlink(pid); // a Down per child is all this needs: no Exit to sort out of the mailbox
            pending.put(ref, child);
            if (child.spec.shutdown() instanceof Shutdown.Timeout timeout) {
                deadlines.add(new ChildDeadline(
                        Deadline.after(self.node().clock(), Deadline.saturatedNanos(timeout.timeout())), ref, pid));
            }
            boolean brutal = child.spec.shutdown() instanceof Shutdown.BrutalKill;
            self.exit(pid, brutal ? ExitReason.kill() : ExitReason.shutdown());
        }
        Predicate<Object> isPendingDown = m -> m instanceof Down d && pending.containsKey(d.ref());
        while (!pending.isEmpty()) {
            while (!deadlines.isEmpty() && !pending.containsKey(deadlines.peek().ref())) {
                deadlines.poll(); // that child is gone
            }
            ChildDeadline next = deadlines.peek();
            // A Down already queued is taken without a timer; only an empty wait sets one, up to the next deadline.
            Optional<Object> message = self.receive(isPendingDown, Duration.ZERO);
            if (message.isEmpty()) {
                message = next == null
                        ? Optional.of(self.receive(isPendingDown))
                        : self.receive(isPendingDown, Duration.ofNanos(Math.max(0, next.at() - server.now())));
            }
            if (message.isPresent()) {
                Down down = (Down) message.get();
                Child child = Objects.requireNonNull(pending.remove(down.ref()));
                check(child, down.pid(), down.reason());
                continue;
            }
            long at = server.now();
            while (!deadlines.isEmpty() && deadlines.peek().at() - at <= 0) {
                ChildDeadline passed = deadlines.poll();
                if (pending.containsKey(passed.ref())) {
                    self.exit(passed.pid(), ExitReason.kill()); // its Down follows
                }
            }
        }
    }

    /** When a child stopping with the others is killed if it has not gone yet. */
    private record ChildDeadline(long at, MonitorRef ref, Pid pid) {}

    private static boolean isDown(Object message, MonitorRef ref) {
        return message instanceof Down down && down.ref().equals(ref);
    }

    private ExitReason awaitDown(MonitorRef ref) {
        return ((Down) server.context().receive(m -> isDown(m, ref))).reason();
    }

    /** Reports a shutdown error unless the child exited as asked (or, not being permanent, by itself). */
    private void check(Child child, Pid pid, ExitReason reason) {
        boolean expected = child.spec.shutdown() instanceof Shutdown.BrutalKill
                ? reason instanceof ExitReason.Killed
                : reason.equals(ExitReason.shutdown());
        if (!expected && child.spec.restart() != Restart.PERMANENT) {
            expected = SupervisorServer.isShutdownOrNormal(reason);
        }
        if (!expected && reason instanceof ExitReason.NoProc) {
            expected = true; // gone before the monitor, its Exit already handled: nothing left to report
        }
        if (!expected) {
            Reports.child(server.describe(), Reports.Context.SHUTDOWN_ERROR, child.spec, pid, reason);
        }
    }
}
