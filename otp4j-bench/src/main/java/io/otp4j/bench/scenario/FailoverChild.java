package io.otp4j.bench.scenario;

import io.otp4j.cluster.ChildFactory;
import io.otp4j.cluster.DistributedSupervisorConfig;
import io.otp4j.cluster.Placement;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.process.ProcessContext;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;

/**
 * A child of the {@code cluster_failover} workload's distributed supervisor: a server that does nothing but tell the
 * driver, when it starts on the driver's node, that it runs. Its placement ({@link #PLACEMENT}) puts every child on
 * a peer while one is a member, so that a killed peer takes all of them with it.
 */
final class FailoverChild implements GenServer<Integer, NoCall, NoCast> {

    /** The supervisor's name on both sides. */
    static final String SUPERVISOR = "bench";

    /** The one kind of child. */
    static final String KIND = "child";

    /** The driver's node name (the peers are named otherwise). */
    static final String DRIVER = "driver";

    /** Counted down by every child that starts in this JVM while a failover is measured; null otherwise. */
    static volatile @Nullable CountDownLatch started;

    /** The children of a peer, by rendezvous among the peers; the driver's only when no peer is a member. */
    static final Placement PLACEMENT = (id, nodes) -> {
        List<String> peers = new ArrayList<>(nodes);
        peers.remove(DRIVER);
        return peers.isEmpty() ? DRIVER : Placement.rendezvous().place(id, peers);
    };

    /** {@return the supervisor's configuration on both sides: the defaults, with {@link #PLACEMENT}} */
    static DistributedSupervisorConfig config() {
        return DistributedSupervisorConfig.defaults().withPlacement(PLACEMENT);
    }

    /** The factory both sides give the supervisor. */
    static final ChildFactory FACTORY = argument -> new FailoverChild();

    @Override
    public Init<Integer> init(ProcessContext self) {
        CountDownLatch latch = started;
        if (latch != null) {
            latch.countDown();
        }
        return Init.ok(0);
    }
}
