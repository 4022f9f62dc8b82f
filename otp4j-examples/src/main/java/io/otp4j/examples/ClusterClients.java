package io.otp4j.examples;

import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.ServerExitedException;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load of one node of the cluster demo: client processes that check keys with the rate limiter, each key at
 * the shard that owns it among the nodes alive now ({@link ShardOwners}), local or remote. A call whose node is
 * lost fails with {@code noconnection} and is counted, never retried: the next key is picked from the members then
 * alive, which no longer include the lost node once its loss is known.
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
        this.calls = new ShardCalls(member);
    }

    /** Runs one client until the deadline; {@code seed} picks its keys. */
    void run(ProcessContext self, int seed) {
        SplittableRandom random = new SplittableRandom(seed);
        long n = 0;
        while (System.nanoTime() - deadline < 0) {
            String key = "user-" + random.nextInt(KEYS);
            List<String> live = member.live();
            String owner = ShardOwners.owner(key, live);
            boolean afterDown = member.downSeen();
            try {
                boolean allowed = calls.tryAcquire(owner, key);
                counts.answered(owner, afterDown, allowed);
            } catch (ServerExitedException e) {
                counts.failed(e.reason().toString()); // noconnection when the shard's node is lost
            } catch (CallTimeoutException e) {
                counts.failed("timeout");
            } catch (RuntimeException e) {
                counts.failed(e.getClass().getSimpleName());
            }
            if (++n % DemoRun.PAUSE_EVERY == 0) {
                self.receive(Pause.class, DemoRun.PAUSE); // as the single-node demo's clients: see PAUSE_EVERY
            }
        }
    }

    /** Never sent: a client waits for it for {@link DemoRun#PAUSE}. */
    private record Pause() {}
}
