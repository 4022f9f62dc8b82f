package io.otp4j.cluster;

import io.otp4j.cluster.ClusterRegistryEvent.HandOver;
import io.otp4j.cluster.RegistryProtocol.HandedState;
import io.otp4j.cluster.RegistryProtocol.Lost;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The {@link Resolution.Action#HAND_OFF} decisions of a {@link ClusterRegistry}, on one node's server (ADR 28).
 * Taking a state out of a running server and into another waits on that server, and a server may be calling the
 * registry at that moment; so the registry server never does it itself: a short-lived process of its node does,
 * and reports back.
 *
 * <p>On the loser's node: the loser's entry goes at once (so the decision is carried out once); a process takes
 * the loser's state out ({@link Handoffs#takeOut}), stops the loser with the decision's reason, sends the state to
 * the winner's node ({@link HandedState}) and tells the server ({@link Done}), which then tells the listeners and
 * the other nodes ({@link Lost}) what became of the loser and its state.
 *
 * <p>On the winner's node: a state for a winner that is still this node's entry and running is given to it by a
 * process ({@link Handoffs#putIn}); one for a winner that is gone is dropped and logged.
 */
final class RegistryHandoffs {

    private static final System.Logger LOG = System.getLogger(ClusterRegistry.class.getName());

    /** How long a loser that handed off has to run its {@code terminate}, before it is killed. */
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(5);

    /**
     * A hand-over process's report to its own node's server, which never crosses the wire (not on the allow-list):
     * the loser is stopped and its state went as {@code handOver} says.
     */
    record Done(ClusterEntry<?, ?> loser, ClusterEntry<?, ?> winner, HandOver handOver) {}

    private final RegistryServer server;

    RegistryHandoffs(RegistryServer server) {
        this.server = server;
    }

    /** On the loser's node: its entry goes now; a process hands its state over, stops it and reports. */
    void handOff(ClusterEntry<?, ?> loser, ClusterEntry<?, ?> winner, ExitReason reason) {
        server.view.remove(loser);
        server.forgetIfNone(loser.pid());
        Pid registry = server.self().self();
        @Nullable Pid to = winner.node().equals(server.here()) ? registry : server.peer(winner.node());
        String name = server.registry();
        server.self().spawn(self -> {
            HandOver outcome = HandOver.NO_STATE;
            try {
                Optional<Object> state = takeOut(loser);
                stop(self, loser.pid(), reason, state.isPresent());
                if (state.isPresent()) {
                    outcome = send(self, to, new HandedState(name, registry, winner, loser, state.get()));
                }
            } finally {
                self.send(registry, new Done(loser, winner, outcome));
            }
        });
    }

    private Optional<Object> takeOut(ClusterEntry<?, ?> loser) {
        try {
            Optional<Object> state = Handoffs.takeOut(loser.pid());
            if (state.isEmpty()) {
                LOG.log(
                        Level.WARNING,
                        "cluster registry {0}: {1}, which lost {2}, is no running GenServer that implements"
                                + " Handoff; it is stopped without handing a state over",
                        server.registry(),
                        loser.pid(),
                        loser.key());
            }
            return state;
        } catch (RuntimeException e) {
            LOG.log(
                    Level.WARNING,
                    "cluster registry " + server.registry() + ": " + loser.pid() + ", which lost " + loser.key()
                            + ", gave no state; it is stopped without handing one over",
                    e);
            return Optional.empty();
        }
    }

    /** Stops the loser: one that handed off is suspended, and stopped through its server, which runs terminate. */
    private static void stop(ProcessContext self, Pid loser, ExitReason reason, boolean suspended) {
        Optional<GenServerRef<?, ?>> ref = suspended ? GenServerRef.of(loser) : Optional.empty();
        if (ref.isPresent()) {
            try {
                ref.get().stop(reason, STOP_TIMEOUT);
                return;
            } catch (RuntimeException e) {
                // Gone meanwhile, or its terminate failed or hung: it is made to exit below.
                LOG.log(Level.DEBUG, "cluster registry: {0} did not stop by its server: {1}", loser, e);
            }
            self.exit(loser, ExitReason.kill());
            return;
        }
        self.exit(loser, reason);
    }

    private HandOver send(ProcessContext self, @Nullable Pid to, HandedState handed) {
        if (to == null) {
            LOG.log(
                    Level.WARNING,
                    "cluster registry {0}: the registry of node {1} is out of reach; the state {2} handed off"
                            + " for {3} is left behind",
                    server.registry(),
                    handed.winner().node(),
                    handed.loser().pid(),
                    handed.loser().key());
            return HandOver.UNDELIVERED;
        }
        try {
            self.send(to, handed);
            return HandOver.SENT;
        } catch (NotEncodableException e) {
            LOG.log(
                    Level.ERROR,
                    "cluster registry " + server.registry() + ": the state "
                            + handed.loser().pid() + " handed off for "
                            + handed.loser().key() + " cannot cross; it is left behind",
                    e);
            return HandOver.NOT_ENCODABLE;
        }
    }

    /** On the loser's node, the hand-over process's report: the listeners and the other nodes are told. */
    void done(Done done) {
        server.tell(new ClusterRegistryEvent.Conflict(
                server.registry(),
                done.loser().key(),
                done.winner().pid(),
                done.loser().pid(),
                Resolution.Action.HAND_OFF,
                done.handOver()));
        server.broadcast(new Lost(
                server.registry(),
                server.self().self(),
                done.loser(),
                done.winner(),
                Resolution.Action.HAND_OFF,
                done.handOver()));
    }

    /** On the winner's node: a process gives the state to the winner, if it still holds the key here. */
    void received(HandedState handed) {
        ClusterEntry<?, ?> winner = server.view.get(handed.winner().id());
        if (winner == null
                || !winner.node().equals(server.here())
                || !server.self().node().isAlive(winner.pid())) {
            LOG.log(
                    Level.WARNING,
                    "cluster registry {0}: the state {1} handed off for {2} came for {3}, which is gone; dropped",
                    server.registry(),
                    handed.loser().pid(),
                    handed.loser().key(),
                    handed.winner().pid());
            return;
        }
        String name = server.registry();
        server.self().spawn(self -> {
            try {
                Optional<GenServerRef<?, ?>> ref = GenServerRef.of(winner.pid());
                if (ref.isEmpty() || !Handoffs.putIn(ref.get(), handed.state())) {
                    LOG.log(
                            Level.WARNING,
                            "cluster registry {0}: {1}, which keeps {2}, is no running GenServer that implements"
                                    + " Handoff; the state {3} handed off is dropped",
                            name,
                            winner.pid(),
                            winner.key(),
                            handed.loser().pid());
                }
            } catch (RuntimeException e) {
                LOG.log(
                        Level.WARNING,
                        "cluster registry " + name + ": " + winner.pid() + ", which keeps " + winner.key()
                                + ", did not take the state " + handed.loser().pid() + " handed off",
                        e);
            }
        });
    }
}
