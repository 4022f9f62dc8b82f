package io.otp4j.cluster;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.genserver.ViaName;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A dynamic supervisor whose children run across the cluster (ADR 29): each child runs on one node, the one its
 * {@link Placement} picks among the nodes that run the supervisor, and is restarted there when it crashes, under
 * that node's local supervisor and its restart intensity.
 *
 * {@snippet class="io.otp4j.cluster.ClusterDocSnippetsTest" region="supervisor"}
 *
 * <p>A child is an id, a kind and an argument: code does not cross the wire, so every node starts the supervisor
 * with the same kinds, each a {@link ChildFactory}, and the argument crosses through the allow-list. The specs are
 * replicated to every node; a child's location is published by the node that runs it and read locally by {@link
 * #whereis} and {@link #via}.
 *
 * <ul>
 *   <li><b>A node dies</b>: each of its children starts again, once, on the node placement picks now.
 *   <li><b>A node joins</b>: the children placement gives it move to it, at most {@link
 *       DistributedSupervisorConfig#moves()} per interval from each node; no other child moves.
 *   <li><b>A node leaves</b> ({@link #close}): it hands each child to its new owner before it stops.
 *   <li><b>A move</b>: a child whose server implements {@link Handoff} keeps its state; the server is suspended,
 *       gives its state and is stopped, and the new node's server takes the state over before it is published.
 *       Requests that reach the old server meanwhile wait in its mailbox and then fail with its exit (a caller by
 *       {@link #via} name may retry: the name finds the new server once it runs). Without {@code Handoff} the child
 *       starts from {@code init}.
 * </ul>
 *
 * <p>After a split heals, a child that ran on both sides runs once: the instance on the node placement picks in the
 * merged view lives and the other stops. Reads are local and may lag a change made on another node by the time
 * its message takes.
 */
public final class DistributedSupervisor implements AutoCloseable {

    private static final Duration CALL = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final String name;
    private final DistributedSupervisorConfig config;
    private final DistributedSupervisorServer server;
    private final GenServerRef<SupervisorRequests.Req<?>, NoCast> ref;

    private DistributedSupervisor(
            Cluster cluster,
            String name,
            DistributedSupervisorConfig config,
            DistributedSupervisorServer server,
            GenServerRef<SupervisorRequests.Req<?>, NoCast> ref) {
        this.cluster = cluster;
        this.name = name;
        this.config = config;
        this.server = server;
        this.ref = ref;
    }

    /**
     * Starts this node's part of the supervisor {@code name}, with the defaults; see {@link #start(Cluster, String, Map, DistributedSupervisorConfig)}.
     *
     * @param cluster the membership of the node this part runs on
     * @param name the supervisor's name, the same on every node; not blank
     * @param kinds the kinds of children, by name, each with its factory: the same on every node
     * @return this node's part, running
     */
    public static DistributedSupervisor start(Cluster cluster, String name, Map<String, ChildFactory> kinds) {
        return start(cluster, name, kinds, DistributedSupervisorConfig.defaults());
    }

    /**
     * Starts this node's part of the supervisor {@code name}: it meets the same supervisor on the other nodes,
     * learns the children, and from then on runs those placed on this node.
     *
     * @param cluster the membership of the node this part runs on
     * @param name the supervisor's name, the same on every node; not blank
     * @param config the local supervisor's flags, the placement, the move rate and the leave timeout
     * @param kinds the kinds of children, by name, each with its factory: the same on every node
     * @return this node's part, running
     * @throws IllegalArgumentException if the name is blank or there are no kinds
     * @throws io.otp4j.process.NameTakenException if this node runs a supervisor of that name already
     */
    public static DistributedSupervisor start(
            Cluster cluster, String name, Map<String, ChildFactory> kinds, DistributedSupervisorConfig config) {
        Objects.requireNonNull(cluster, "cluster");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(kinds, "kinds");
        Objects.requireNonNull(config, "config");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a distributed supervisor's name is blank");
        }
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("distributed supervisor " + name + " was given no kinds of child");
        }
        kinds.forEach((kind, factory) -> {
            Objects.requireNonNull(kind, "a kind's name");
            Objects.requireNonNull(factory, "the factory of kind " + kind);
            if (kind.isBlank()) {
                throw new IllegalArgumentException("distributed supervisor " + name + " was given a blank kind");
            }
        });
        String registered = serverName(name);
        DistributedSupervisorServer server = new DistributedSupervisorServer(cluster, registered, kinds, config);
        GenServerRef<SupervisorRequests.Req<?>, NoCast> ref =
                GenServer.start(cluster.node(), server, StartOptions.defaults().withName(registered));
        return new DistributedSupervisor(cluster, name, config, server, ref);
    }

    static String serverName(String name) {
        return "otp4j.dsup." + name;
    }

    /** {@return the membership this node's part runs on} */
    Cluster cluster() {
        return cluster;
    }

    /** {@return the supervisor's name} */
    public String name() {
        return name;
    }

    /** {@return the configuration this node runs with} */
    public DistributedSupervisorConfig config() {
        return config;
    }

    /**
     * Adds a child to the supervisor, from this node: its spec goes to every node, and the node placement picks
     * starts it (the start is not waited for). Returns the node it is placed on.
     *
     * @param id the child's id, unique in the supervisor
     * @param kind one of the kinds the supervisor was started with
     * @param argument what the kind's factory is given; it must cross the wire (the allow-list)
     * @return the name of the node the child is placed on
     * @throws IllegalArgumentException if the id is blank or already a child's, or the kind is unknown
     * @throws NotEncodableException if the argument cannot cross to another node
     * @throws IllegalStateException if the placement puts the child on a node that does not run the supervisor
     */
    public String startChild(String id, String kind, Object argument) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(argument, "argument");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child's id must not be blank, was \"" + id + "\"");
        }
        if (!server.kindNames().contains(kind)) {
            throw new IllegalArgumentException("distributed supervisor " + name + " has no kind of child " + kind
                    + "; its kinds are " + server.kindNames());
        }
        cluster.checkEncodable(argument);
        server.view.owner(id); // a placement that names a node that is not a member fails here, not in the server
        String answer = ref.call(new SupervisorRequests.StartChild(id, kind, argument), CALL);
        if (answer.startsWith("!")) {
            throw new IllegalArgumentException(
                    "distributed supervisor " + name + " cannot start child " + id + ": " + answer.substring(1));
        }
        return answer;
    }

    /**
     * Stops the child {@code id} wherever it runs and removes it from every node.
     *
     * @param id the child's id
     * @throws IllegalArgumentException if there is no such child
     */
    public void terminateChild(String id) {
        Objects.requireNonNull(id, "id");
        if (!ref.call(new SupervisorRequests.TerminateChild(id), CALL)) {
            throw new IllegalArgumentException("distributed supervisor " + name + " has no child " + id);
        }
    }

    /** {@return the ids of the children, as this node knows them} */
    public Set<String> children() {
        return server.view.ids();
    }

    /**
     * {@return the pid the child {@code id} runs as, on any node, as this node knows it}
     *
     * @param id the child's id
     */
    public Optional<Pid> whereis(String id) {
        Objects.requireNonNull(id, "id");
        return Optional.ofNullable(server.view.whereis(id));
    }

    /**
     * {@return the node placement gives child {@code id} now, as this node sees the members}
     *
     * @param id a child's id, or any id: placement does not need the child to exist
     */
    public String placement(String id) {
        Objects.requireNonNull(id, "id");
        return server.view.owner(id);
    }

    /** {@return the nodes that run the supervisor, sorted, as this node knows them} */
    public List<String> members() {
        return server.view.members();
    }

    /**
     * {@return a name that finds the child {@code id} wherever it runs}, for {@link GenServerRef#via}. It cannot
     * register a server: the supervisor publishes its children itself.
     *
     * @param id the child's id
     */
    public ViaName via(String id) {
        Objects.requireNonNull(id, "id");
        return new Via(this, id);
    }

    /** {@return the pid of this node's server} */
    public Pid pid() {
        return ref.pid();
    }

    /** Spends one move budget now, beside the periodic ones: for tests that count moves per budget. {@return how many moved} */
    int tick() {
        return ref.call(new SupervisorRequests.TickNow(), CALL);
    }

    /** {@return whether no child waits to move from this node and none is in flight from it}: for tests */
    boolean quiet() {
        return ref.call(new SupervisorRequests.Quiet(), CALL);
    }

    /**
     * Leaves gracefully: no child is placed on this node any more, each of its children is handed to its new
     * owner (waiting up to {@link DistributedSupervisorConfig#leaveTimeout()} for them to take over), and then this
     * node's part stops. Returns whether every child was taken over in time. Idempotent: false once stopped.
     *
     * @return whether every child of this node was taken over in time; false if this part had stopped already
     */
    public boolean leave() {
        if (!ref.isAlive()) {
            return false;
        }
        boolean handedOver =
                ref.call(new SupervisorRequests.Leave(), config.leaveTimeout().plus(CALL));
        ref.stop();
        return handedOver;
    }

    /** Leaves gracefully; see {@link #leave()}. */
    @Override
    public void close() {
        leave();
    }

    @Override
    public String toString() {
        return "DistributedSupervisor[" + name + " on " + cluster.node().name() + "]";
    }

    /** A via name that reads the published locations. */
    private record Via(DistributedSupervisor supervisor, String id) implements ViaName {

        @Override
        public Optional<Pid> register(ProcessContext self) {
            throw new UnsupportedOperationException("child " + id + " of distributed supervisor " + supervisor.name
                    + " is registered by the supervisor, not by a server's start");
        }

        @Override
        public Optional<Pid> whereis() {
            return supervisor.whereis(id);
        }

        /** A child of another node is reached through this node's cluster. */
        @Override
        public Optional<Node> node() {
            return Optional.of(supervisor.cluster.node());
        }

        @Override
        public String toString() {
            return "DistributedSupervisor.via(" + supervisor.name + ", " + id + ")";
        }
    }
}
