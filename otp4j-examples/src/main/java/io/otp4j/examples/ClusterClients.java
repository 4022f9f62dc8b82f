package io.otp4j.examples;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.ServerNotFoundException;
import io.otp4j.process.ProcessContext;
import java.util.SplittableRandom;

/**
 * The load of one node of the cluster demo: client processes that check keys with the rate limiter, each key at
 * its shard ({@link LimiterShards#shardOf}), called by the shard's via name wherever the distributed supervisor
 * runs it, local or remote. A call that fails (its shard's node lost: {@code noconnection}; the shard not running
 * anywhere yet: {@code noproc}) is counted, never retried: the name finds the shard again once it has restarted.
 */
final class ClusterClients {

    /** The keys the clients check. */
    static final int KEYS = 1_000;

    private final ClusterMember member;
    private final CallCounts counts;
    private final long deadline;
    private final ShardCalls calls;

    ClusterClients(ClusterMember member, CallCounts counts, long deadline) {
        this.member = member;
        this.counts = counts;
        this.deadline = deadline;
        this.calls = new ShardCalls(member.shards());
    }

    /** Runs one client until the deadline; {@code seed} picks its keys. */
    void run(ProcessContext self, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 0;
        while (System.nanoTime() - deadline < 0) {
            String key = "user-" + random.nextInt(KEYS);
            String shard = LimiterShards.shardOf(key);
            String runsOn = calls.nodeOf(shard).orElse("nowhere");
            boolean afterDown = member.downSeen();
            try {
                boolean allowed = calls.tryAcquire(shard, key);
                counts.answered(runsOn, afterDown, allowed);
            } catch (ServerExitedException e) {
                counts.failed(e.reason().toString(), ClusterMember.nowMicros()); // noconnection: its node is lost
            } catch (ServerNotFoundException e) {
                counts.failed("noproc", ClusterMember.nowMicros()); // not running anywhere, as this node knows
            } catch (CallTimeoutException e) {
                counts.failed("timeout", ClusterMember.nowMicros());
            } catch (RuntimeException e) {
                counts.failed(e.getClass().getSimpleName(), ClusterMember.nowMicros());
            }
            if (++n % DemoRun.PAUSE_EVERY == 0) {
                self.receive(Pause.class, DemoRun.PAUSE); // as the single-node demo's clients: see PAUSE_EVERY
            }
        }
    }

    /** Never sent: a client waits for it for {@link DemoRun#PAUSE}. */
    private record Pause() {}
}
