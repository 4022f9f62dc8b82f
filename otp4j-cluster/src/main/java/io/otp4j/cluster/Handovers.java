package io.otp4j.cluster;

import io.otp4j.cluster.SupervisorProtocol.Transfer;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * The moves of one node's {@link DistributedSupervisor} server: the children queued to move at the budgeted rate,
 * and the transfers sent and not yet accepted (kept, with their state, to send again if the receiver is lost).
 * Used by the server's process only.
 */
final class Handovers {

    private static final System.Logger LOG = System.getLogger(DistributedSupervisor.class.getName());

    /** A child handed to node {@code to}, not yet accepted there. */
    private record Outgoing(String to, Transfer transfer) {}

    private final Map<String, Outgoing> outgoing = new HashMap<>();
    private final LinkedHashSet<String> queue = new LinkedHashSet<>();

    void queue(String id) {
        queue.add(id);
    }

    void unqueue(String id) {
        queue.remove(id);
    }

    /** {@return the queued children, in order}; the iterator removes */
    Iterator<String> queued() {
        return queue.iterator();
    }

    boolean inFlight(String id) {
        return outgoing.containsKey(id);
    }

    /** The transfer of {@code id} was accepted, or is void. {@return whether one was in flight} */
    boolean done(String id) {
        return outgoing.remove(id) != null;
    }

    boolean noneInFlight() {
        return outgoing.isEmpty();
    }

    /** {@return the transfers in flight to {@code node}} */
    List<Transfer> to(String node) {
        List<Transfer> transfers = new ArrayList<>();
        for (Outgoing out : outgoing.values()) {
            if (out.to().equals(node)) {
                transfers.add(out.transfer());
            }
        }
        return transfers;
    }

    /**
     * Sends {@code transfer} to {@code peer}, the server of node {@code to}, and keeps it until accepted. A state that
     * cannot cross is logged and left behind: the child then starts from {@code init} there.
     */
    void send(ProcessContext self, Pid peer, String to, Transfer transfer) {
        outgoing.put(transfer.spec().id(), new Outgoing(to, transfer));
        try {
            self.send(peer, transfer);
        } catch (NotEncodableException e) {
            LOG.log(
                    Level.ERROR,
                    "distributed supervisor: the state child " + transfer.spec().id()
                            + " handed off cannot cross; it starts from init on " + to,
                    e);
            Transfer bare = new Transfer(transfer.name(), transfer.peer(), transfer.spec(), List.of());
            outgoing.put(transfer.spec().id(), new Outgoing(to, bare));
            self.send(peer, bare);
        }
    }
}
