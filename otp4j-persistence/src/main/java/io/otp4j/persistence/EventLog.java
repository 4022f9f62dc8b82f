package io.otp4j.persistence;

/**
 * How an event-sourced server keeps its events: a snapshot of the state every {@code snapshotEvery} events, and
 * how many events before the latest snapshot to keep ({@code -1} keeps them all).
 *
 * @param snapshotEvery events between snapshots, 1 or more
 * @param keepBeforeSnapshot events to keep before the latest snapshot, or -1 for all
 */
public record EventLog(int snapshotEvery, long keepBeforeSnapshot) {

    /** Checks the numbers. */
    public EventLog {
        if (snapshotEvery < 1) {
            throw new IllegalArgumentException("snapshots are taken every 1 or more events, not " + snapshotEvery);
        }
        if (keepBeforeSnapshot < -1) {
            throw new IllegalArgumentException(
                    "keep -1 (all) or 0 or more events before a snapshot, not " + keepBeforeSnapshot);
        }
    }

    /** {@return a snapshot every 1,000 events, all events kept} */
    public static EventLog defaults() {
        return new EventLog(1000, -1);
    }
}
