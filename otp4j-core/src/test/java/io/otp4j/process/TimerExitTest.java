package io.otp4j.process;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * A process's timers go away with it, even when it exits while {@code sendAfter} is still setting one up.
 * (The ordinary timer behaviour is tested on the manual clock in otp4j-testkit.)
 */
class TimerExitTest {

    /** A clock that never moves, records what is scheduled, and can run a hook inside {@code schedule}. */
    static final class HookedClock implements Clock {
        record Entry(long delayNanos, AtomicBoolean cancelled) {}

        final List<Entry> entries = new CopyOnWriteArrayList<>();
        volatile @Nullable Runnable duringSchedule;

        @Override
        public long nanoTime() {
            return 0;
        }

        @Override
        public Scheduled schedule(long delayNanos, Runnable action) {
            Entry entry = new Entry(delayNanos, new AtomicBoolean());
            entries.add(entry);
            Runnable hook = duringSchedule;
            if (hook != null) {
                hook.run();
            }
            return () -> !entry.cancelled().getAndSet(true);
        }

        long live() {
            return entries.stream().filter(e -> !e.cancelled().get()).count();
        }
    }

    @Test
    void aTimerSetWhileItsTargetExitsLeavesNothingScheduled() {
        HookedClock clock = new HookedClock();
        try (Node node = Node.start("timer-exit-race", clock)) {
            Probe watcher = Probe.spawn(node);
            Pid target = node.spawn(self -> self.receive());
            MonitorRef ref = watcher.monitor(target);
            // The target dies after sendAfter has tied the timer to it, before sendAfter has finished.
            clock.duringSchedule = () -> {
                node.exit(target, ExitReason.kill());
                watcher.nextDown(ref);
                Probe.await("the target has exited", () -> !node.processes().contains(target));
            };

            TimerRef timer = node.sendAfter(target, Duration.ofHours(1), "never");
            clock.duringSchedule = null;

            assertThat(node.readTimer(timer)).isEmpty();
            assertThat(node.cancelTimer(timer)).isEmpty();
            assertThat(clock.entries).hasSize(1);
            assertThat(clock.live()).as("scheduled actions left behind").isZero();
        }
    }

    @Test
    void aCancelledTimersActionLeavesTheClock() {
        HookedClock clock = new HookedClock();
        try (Node node = Node.start("timer-cancel-clock", clock)) {
            Probe probe = Probe.spawn(node);
            TimerRef timer = node.sendAfter(probe.pid(), Duration.ofHours(1), "never");
            assertThat(clock.live()).isEqualTo(1);
            assertThat(node.cancelTimer(timer)).contains(Duration.ofHours(1));
            assertThat(clock.live()).isZero();
        }
    }
}
