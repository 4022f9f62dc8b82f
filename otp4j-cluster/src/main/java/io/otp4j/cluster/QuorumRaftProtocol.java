package io.otp4j.cluster;

import java.util.concurrent.TimeUnit;
import org.jgroups.conf.ClassConfigurator;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.raft.util.CommitTable;

/**
 * jgroups-raft's RAFT, with the leader's resends to followers that lag behind made on a clock (ADR 30).
 *
 * <p>RAFT's leader sends a new entry once, to every member; a follower whose log does not reach the entry's
 * predecessor refuses it, and the leader only notes where that follower's log ends. What the follower misses is
 * sent again by a sweep over the commit table, and RAFT makes that sweep only when its queue of work has been empty
 * for {@link #resendInterval()}. A map whose leases are renewed more often than that (or with any steady load)
 * keeps the queue busy, and a member back from a partition never gets the entries it missed. Here the sweep also
 * runs after the queue is drained, once {@link #resendInterval()} has passed since the last one: on RAFT's own
 * thread, as RAFT's sweep does.
 *
 * <p>It takes RAFT's protocol id, as it takes its place.
 */
final class QuorumRaftProtocol extends RAFT {

    /** When this protocol's sweep last ran ({@link System#nanoTime()}). */
    private long lastSweep = System.nanoTime();

    QuorumRaftProtocol() {
        id = ClassConfigurator.getProtocolId(RAFT.class);
    }

    /**
     * Runs RAFT's work, then the sweep if {@link #resendInterval()} has passed since the last one. Only the sweep
     * counts: RAFT also sends single entries to a member it has marked as lagging, one per new entry, and each is
     * refused as long as the member's log does not reach its predecessor, so those sends must not put the sweep off.
     * A sweep that comes right after RAFT's own idle-time one repeats entries the follower then ignores.
     *
     * <p>The sweep sends each lagging member everything from its next index on, in one message. RAFT marks a member
     * that refused an entry to be sent one entry at a time, and every new entry the member refuses (each new entry is
     * sent to all, and a lagging member refuses each) marks it again: one entry a sweep, fewer than a busy leader
     * appends, and the member never catches up. That is what a leader cut off by a split met after the heal.
     */
    @Override
    protected void processQueue() {
        super.processQueue();
        CommitTable table = commit_table;
        if (table != null && System.nanoTime() - lastSweep - TimeUnit.MILLISECONDS.toNanos(resend_interval) >= 0) {
            lastSweep = System.nanoTime();
            table.forEach((member, entry) -> sendAppendEntriesMessage(member, entry.sendSingleMessage(false)));
        }
    }
}
