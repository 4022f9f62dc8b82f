package io.otp4j.time;

import java.util.concurrent.locks.LockSupport;
import org.jspecify.annotations.Nullable;

/** The default {@link Clock.Alarm}: one action scheduled on the clock that unparks the waiting thread. */
final class ScheduledAlarm implements Clock.Alarm {

    private final Clock clock;
    private final long deadline;
    private final Thread thread;
    private Clock.@Nullable Scheduled wakeUp;

    ScheduledAlarm(Clock clock, long deadline, Thread thread) {
        this.clock = clock;
        this.deadline = deadline;
        this.thread = thread;
    }

    @Override
    public void park(Object blocker) {
        if (wakeUp == null && deadline != Deadline.NEVER) {
            wakeUp = clock.schedule(deadline - clock.nanoTime(), () -> LockSupport.unpark(thread));
            return;
        }
        LockSupport.park(blocker);
    }

    @Override
    public void close() {
        Clock.Scheduled s = wakeUp;
        if (s != null) {
            s.cancel();
        }
    }
}
