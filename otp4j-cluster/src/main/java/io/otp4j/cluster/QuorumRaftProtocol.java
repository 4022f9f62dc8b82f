package io.otp4j.cluster;

import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
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

    /** When a resend to a follower last went out ({@link System#nanoTime()}). */
    private volatile long lastResend = System.nanoTime();

    QuorumRaftProtocol() {
        id = ClassConfigurator.getProtocolId(RAFT.class);
    }

    @Override
    protected void processQueue() {
        super.processQueue();
        CommitTable table = commit_table;
        if (table != null && System.nanoTime() - lastResend - TimeUnit.MILLISECONDS.toNanos(resend_interval) >= 0) {
            lastResend = System.nanoTime();
            table.forEach(this::sendAppendEntriesMessage);
        }
    }

    /** Every resend passes here, RAFT's own sweep's too: this notes when the last one went out. */
    @Override
    protected void sendAppendEntriesMessage(Address member, CommitTable.Entry entry) {
        lastResend = System.nanoTime();
        super.sendAppendEntriesMessage(member, entry);
    }
}
