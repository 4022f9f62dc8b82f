package io.otp4j.spring;

import io.otp4j.observe.ChildRestarted;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The restarts each supervisor of the node made, when and of which child, as its observer reports them; the health
 * indicator counts those within a tree's period. Bounded: a supervisor keeps its last {@value #KEPT} restarts, far
 * beyond any intensity.
 */
final class RestartLog {

    static final int KEPT = 1_000;

    private record Restart(long at, String childId) {}

    private final Map<Pid, ArrayDeque<Restart>> bySupervisor = new ConcurrentHashMap<>();

    /** Notes {@code event}, at {@code now} (nanoseconds of the node's clock). */
    void add(ChildRestarted event, long now) {
        ArrayDeque<Restart> times = bySupervisor.computeIfAbsent(event.supervisor(), p -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(new Restart(now, String.valueOf(event.childId())));
            while (times.size() > KEPT) {
                times.removeFirst();
            }
        }
    }

    /** {@return how many children {@code supervisor} restarted within {@code period} before {@code now}} */
    int recent(Pid supervisor, long now, Duration period) {
        return count(supervisor, null, now, period);
    }

    /** {@return how many times {@code supervisor} restarted its child {@code childId} within {@code period}} */
    int recentOf(Pid supervisor, String childId, long now, Duration period) {
        return count(supervisor, childId, now, period);
    }

    /** Forgets a supervisor that is gone, so that the log does not grow with every incarnation. */
    void forget(Pid supervisor) {
        bySupervisor.remove(supervisor);
    }

    private int count(Pid supervisor, @org.jspecify.annotations.Nullable String childId, long now, Duration period) {
        ArrayDeque<Restart> times = bySupervisor.get(supervisor);
        if (times == null) {
            return 0;
        }
        long periodNanos = period.toNanos();
        synchronized (times) {
            int recent = 0;
            for (Restart r : times) {
                if (now - r.at() <= periodNanos && (childId == null || childId.equals(r.childId()))) {
                    recent++;
                }
            }
            return recent;
        }
    }
}
