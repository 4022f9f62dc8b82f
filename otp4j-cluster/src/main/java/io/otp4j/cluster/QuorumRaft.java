package io.otp4j.cluster;

import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jgroups.Address;
import org.jgroups.JChannel;
import org.jgroups.View;
import org.jgroups.protocols.raft.ELECTION;
import org.jgroups.protocols.raft.InMemoryLog;
import org.jgroups.protocols.raft.RAFT;
import org.jgroups.protocols.raft.REDIRECT;
import org.jgroups.raft.RaftHandle;
import org.jgroups.stack.Protocol;
import org.jgroups.util.NameCache;

/**
 * The quorum channel of one {@link QuorumNames} map: the cluster's protocol stack ({@link Stack}, so the same
 * transport, failure detection and AUTH secret), with jgroups-raft's ELECTION, RAFT (as {@link QuorumRaftProtocol},
 * which resends to lagging followers on a clock) and REDIRECT on top. The Raft id of a member is its node's name;
 * the log is in memory. A change sent on a follower goes to the leader through REDIRECT.
 */
final class QuorumRaft {

    private final Cluster cluster;
    private final QuorumConfig config;
    private final JChannel channel;
    private final RAFT raft;
    private final RaftHandle handle;

    /** The packages of jgroups-raft whose protocols and messages JGroups configures and builds by reflection. */
    private static final List<String> REFLECTED =
            List.of("org.jgroups.protocols.raft", "org.jgroups.protocols.raft.election");

    QuorumRaft(Cluster cluster, QuorumConfig config, QuorumState state) {
        this.cluster = cluster;
        this.config = config;
        checkOpens();
        ClusterConfig own = cluster.config().withPort(config.port()).withInitialMembers(config.initialMembers());
        String here = cluster.node().name();
        List<Protocol> protocols = Stack.of(own);
        raft = new QuorumRaftProtocol()
                .members(config.members())
                .raftId(here)
                .logClass(InMemoryLog.class.getName())
                // The in-memory logs of one JVM share a table by name: each map's log has a name of its own.
                .logPrefix("otp4j-quorum-" + config.name() + "-" + here + "-" + UUID.randomUUID());
        protocols.add(new ELECTION());
        protocols.add(raft);
        protocols.add(new REDIRECT());
        try {
            channel = new JChannel(protocols);
        } catch (Exception e) {
            throw new ClusterJoinException(
                    "node " + here + " cannot build the stack of the quorum map " + config.name() + ": " + e, e);
        }
        channel.name(here);
        handle = new RaftHandle(channel, state);
    }

    /**
     * On the module path, jgroups-raft does not open its protocol packages to JGroups: without the JVM flags that
     * do, the stack would fail deep in JGroups. This names the flags instead.
     */
    private static void checkOpens() {
        Module raftModule = RAFT.class.getModule();
        Module jgroups = JChannel.class.getModule();
        if (!raftModule.isNamed() || !jgroups.isNamed()) {
            return; // on the class path everything is open
        }
        StringBuilder flags = new StringBuilder();
        for (String pkg : REFLECTED) {
            if (!raftModule.isOpen(pkg, jgroups)) {
                flags.append(" --add-opens ")
                        .append(raftModule.getName())
                        .append('/')
                        .append(pkg)
                        .append('=')
                        .append(jgroups.getName());
            }
        }
        if (!flags.isEmpty()) {
            throw new ClusterJoinException(
                    "a quorum map needs JGroups to configure jgroups-raft's protocols: start the JVM with" + flags);
        }
    }

    /** The channel, for the module's tests (which cut it off from others). */
    JChannel channel() {
        return channel;
    }

    void connect() {
        String name = cluster.config().clusterName() + "/quorum/" + config.name();
        try {
            channel.connect(name);
        } catch (Exception e) {
            channel.close();
            throw new ClusterJoinException(
                    "node " + cluster.node().name() + " could not join the quorum map " + config.name() + " of cluster "
                            + cluster.config().clusterName() + ": " + e,
                    e);
        }
    }

    /** {@return the answer's bytes once a majority committed {@code command}}, or a failure after the timeout */
    CompletableFuture<byte[]> commit(byte[] command) {
        CompletableFuture<byte[]> commit;
        try {
            commit = handle.setAsync(command, 0, command.length);
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
        return commit.orTimeout(config.commitTimeout().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** {@return the leader's node name, if this node knows one} */
    Optional<String> leader() {
        Address leader = handle.leader();
        return leader == null ? Optional.empty() : Optional.of(nameOf(leader));
    }

    boolean isLeader() {
        return handle.isLeader();
    }

    /** {@return how many members are in this node's view of the quorum channel} */
    int reachable() {
        View view = channel.getView();
        if (view == null) {
            return 0;
        }
        int count = 0;
        for (Address member : view.getMembers()) {
            if (config.members().contains(nameOf(member))) {
                count++;
            }
        }
        return count;
    }

    /**
     * {@return this member's Raft state in one line}: its role, term, leader, commit index, last appended index, view
     * and, on the leader, where each member's log stands. For diagnostics and failure messages.
     */
    String describe() {
        View view = channel.getView();
        Address leader = raft.leader();
        return cluster.node().name() + ": " + raft.role() + ", term " + raft.currentTerm() + ", leader "
                + (leader == null ? "none" : nameOf(leader)) + ", commit " + raft.commitIndex() + ", last appended "
                + raft.lastAppended() + ", view " + (view == null ? "none" : view.toString())
                + (raft.isLeader() && raft.commitTable() != null ? ", members " + raft.commitTable() : "");
    }

    private static String nameOf(Address address) {
        String name = NameCache.get(address);
        return name != null ? name : address.toString();
    }

    void close() {
        channel.close();
        try {
            raft.log().delete();
        } catch (Exception e) {
            // The log is in memory: nothing is left behind but its entry in the table, gone with the JVM.
        }
    }
}
