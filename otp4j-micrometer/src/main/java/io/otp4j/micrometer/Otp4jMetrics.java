package io.otp4j.micrometer;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * Micrometer meters for one otp4j node, bound with {@link #bind(Node, MeterRegistry)} and removed again with
 * {@link #close()}. Every meter has the tag {@code node} (the node's name) and the tags given at bind.
 *
 * <table>
 *   <caption>The meters</caption>
 *   <tr><th>Name</th><th>Type</th><th>Tags</th><th>What</th></tr>
 *   <tr><td>{@code otp4j.processes}</td><td>gauge</td><td></td><td>processes alive on the node</td></tr>
 *   <tr><td>{@code otp4j.server.mailbox}</td><td>gauge</td><td>{@code server}</td><td>messages waiting in the
 *       mailbox of the process registered under the name</td></tr>
 *   <tr><td>{@code otp4j.server.handled}</td><td>function counter</td><td>{@code server}</td><td>messages the
 *       processes registered under the name took out of their mailbox</td></tr>
 *   <tr><td>{@code otp4j.calls}</td><td>function timer</td><td>{@code server}, {@code outcome}</td><td>GenServer
 *       calls ({@code call}, {@code callWithoutTimeout}; not {@code sendRequest} or {@code callAsync}) made on this
 *       node, from the call to its end ({@code replied}, {@code timeout}, {@code exited},
 *       {@code noproc}, {@code noconnection}, {@code interrupted}): every call counted, the total time estimated
 *       (see <b>Cost</b>)</td></tr>
 *   <tr><td>{@code otp4j.supervisor.restarts}</td><td>counter</td><td>{@code supervisor}</td><td>children
 *       restarted</td></tr>
 *   <tr><td>{@code otp4j.process.crashes}</td><td>counter</td><td>{@code reason}</td><td>processes that exited
 *       abnormally: for any reason but {@code normal} and {@code shutdown}; the tag is the reason's kind
 *       ({@code crash}, {@code custom}, {@code killed}, {@code noproc}, {@code noconnection})</td></tr>
 * </table>
 *
 * <p><b>Cardinality.</b> The {@code server} and {@code supervisor} tags name registered processes only, and at most
 * {@code maxNames} of them (100 by default): calls to unregistered servers go under {@code server=unnamed}, those to
 * names over the limit under {@code server=other}. Per-name meters follow the node's registered names: they are
 * added as a named server is first called, and each time the registry reads
 * {@code otp4j.processes} (a scrape) the set is brought in line with the names registered then, with no process of
 * its own. A name that holds meters is read through {@link Node#info} at each scrape.
 *
 * <p><b>Cost.</b> The call timers and the counters are fed by a {@link io.otp4j.observe.ProcessObserver} on the
 * threads that do the work: a map look-up and two adder updates per call. Timing a call takes two clock reads, more
 * than the rest together, so by default one call in {@value #DEFAULT_TIME_ONE_CALL_IN}, picked at random, is timed,
 * and its time counts {@value #DEFAULT_TIME_ONE_CALL_IN} times in the timer's total: an unbiased estimate of the
 * total, and so of the mean, exact in the count. Bind with {@code timeOneCallIn} 1 to time every call. The timer is
 * a Micrometer {@link io.micrometer.core.instrument.FunctionTimer} (count and total; no maximum or percentiles). The
 * observer does not listen to each message a server handles (the counts are read at a scrape), so the servers skip
 * timing their callbacks.
 */
public final class Otp4jMetrics implements AutoCloseable {

    /** How many registered names get meters of their own unless {@link #bind(Node, MeterRegistry, Iterable, int)} says. */
    public static final int DEFAULT_MAX_NAMES = 100;

    /** One call in how many is timed unless {@link #bind(Node, MeterRegistry, Iterable, int, int)} says. */
    public static final int DEFAULT_TIME_ONE_CALL_IN = 10;

    static final String PROCESSES = "otp4j.processes";

    private final Node node;
    private final MeterRegistry registry;
    private final Tags tags;
    private final int maxNames;
    private final Map<String, ServerMeters> servers = new ConcurrentHashMap<>();
    private final List<Meter> meters = new ArrayList<>(); // guarded by this
    private final Observation.Installed observer;
    private boolean closed; // guarded by this

    private Otp4jMetrics(Node node, MeterRegistry registry, Tags tags, int maxNames, int timeOneCallIn) {
        this.node = node;
        this.registry = registry;
        this.tags = tags;
        this.maxNames = maxNames;
        meters.add(Gauge.builder(PROCESSES, this, Otp4jMetrics::processes)
                .strongReference(true)
                .tags(tags)
                .baseUnit("processes")
                .description("Processes alive on the node")
                .register(registry));
        MetricsObserver hooks = new MetricsObserver(this, tags, maxNames, timeOneCallIn);
        this.observer = Observation.of(node).add(hooks);
    }

    /**
     * Binds the meters of {@code node} to {@code registry}, with no tags but {@code node}.
     *
     * @param node the node whose processes, servers, calls, restarts and crashes are metered
     * @param registry the registry the meters are registered in
     * @return the binder, whose {@code close()} removes the meters again
     */
    public static Otp4jMetrics bind(Node node, MeterRegistry registry) {
        return bind(node, registry, Tags.empty(), DEFAULT_MAX_NAMES);
    }

    /**
     * Binds the meters of {@code node} to {@code registry}, with {@code tags} on each besides {@code node}.
     *
     * @param node the node whose processes, servers, calls, restarts and crashes are metered
     * @param registry the registry the meters are registered in
     * @param tags tags on every meter besides {@code node}; none may be named {@code node}
     * @return the binder, whose {@code close()} removes the meters again
     */
    public static Otp4jMetrics bind(Node node, MeterRegistry registry, Iterable<Tag> tags) {
        return bind(node, registry, tags, DEFAULT_MAX_NAMES);
    }

    /**
     * Binds the meters of {@code node} to {@code registry}, with {@code tags} on each besides {@code node}, and per-name
     * meters for at most {@code maxNames} registered names.
     *
     * @param node the node whose processes, servers, calls, restarts and crashes are metered
     * @param registry the registry the meters are registered in
     * @param tags tags on every meter besides {@code node}; none may be named {@code node}
     * @param maxNames the most registered names with meters of their own, not negative; calls to others go under
     *     {@code server=other}
     * @return the binder, whose {@code close()} removes the meters again
     * @throws IllegalArgumentException if {@code maxNames} is negative, or {@code tags} has a tag {@code node}
     */
    public static Otp4jMetrics bind(Node node, MeterRegistry registry, Iterable<Tag> tags, int maxNames) {
        return bind(node, registry, tags, maxNames, DEFAULT_TIME_ONE_CALL_IN);
    }

    /**
     * Binds the meters of {@code node} to {@code registry}, with {@code tags} on each besides {@code node}, per-name
     * meters for at most {@code maxNames} registered names, and one call in {@code timeOneCallIn} timed (1: every
     * call).
     *
     * @param node the node whose processes, servers, calls, restarts and crashes are metered
     * @param registry the registry the meters are registered in
     * @param tags tags on every meter besides {@code node}; none may be named {@code node}
     * @param maxNames the most registered names with meters of their own, not negative; calls to others go under
     *     {@code server=other}
     * @param timeOneCallIn time one call in this many, picked at random, at least 1; 1 times every call
     * @return the binder, whose {@code close()} removes the meters again
     * @throws IllegalArgumentException if {@code maxNames} is negative, {@code timeOneCallIn} is less than 1, or
     *     {@code tags} has a tag {@code node}
     */
    public static Otp4jMetrics bind(
            Node node, MeterRegistry registry, Iterable<Tag> tags, int maxNames, int timeOneCallIn) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(tags, "tags");
        if (maxNames < 0) {
            throw new IllegalArgumentException("maxNames must not be negative, was " + maxNames);
        }
        if (timeOneCallIn < 1) {
            throw new IllegalArgumentException("timeOneCallIn must be at least 1 (every call), was " + timeOneCallIn);
        }
        Tags given = Tags.of(tags);
        if (given.stream().anyMatch(t -> t.getKey().equals("node"))) {
            throw new IllegalArgumentException(
                    "the tag \"node\" is the node's name and is set by otp4j; tags were " + given);
        }
        return new Otp4jMetrics(node, registry, given.and("node", node.name()), maxNames, timeOneCallIn);
    }

    /** {@return the node whose meters these are} */
    public Node node() {
        return node;
    }

    /**
     * Brings the per-name meters in line with the names registered on the node now: meters for new names (up to
     * the limit), none for names no longer registered. Done at each read of {@code otp4j.processes}; call it to see
     * the change sooner.
     */
    public void refresh() {
        Set<String> registered = new HashSet<>(node.registered());
        servers.values().removeIf(server -> {
            if (registered.contains(server.name())) {
                return false;
            }
            removeMeters(server);
            return true;
        });
        for (String name : registered) {
            track(name);
        }
    }

    /** {@return whether {@code name} has meters of its own now} */
    boolean isTracked(String name) {
        return servers.containsKey(name);
    }

    /** {@return whether {@code name} has meters of its own}, adding them if it is registered and under the limit */
    boolean track(String name) {
        if (servers.containsKey(name)) {
            return true;
        }
        synchronized (this) {
            if (closed || servers.size() >= maxNames || node.whereis(name).isEmpty()) {
                return servers.containsKey(name);
            }
            servers.computeIfAbsent(name, n -> new ServerMeters(node, n, registry, tags));
            return true;
        }
    }

    private void removeMeters(ServerMeters server) {
        server.meters().forEach(registry::remove);
    }

    private double processes() {
        refresh();
        return node.processCount();
    }

    /** Removes every meter this bound from the registry, and stops observing the node. Does nothing the second time. */
    @Override
    public void close() {
        List<Meter> bound;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            bound = new ArrayList<>(meters);
            meters.clear();
        }
        observer.close();
        bound.forEach(registry::remove);
        servers.values().forEach(this::removeMeters);
        servers.clear();
    }

    /**
     * Registers the meter {@code register} makes, kept to be removed at {@link #close()}; {@return it} After close,
     * from an observer call that was under way, the meter is removed again at once.
     */
    <M extends Meter> M bound(Function<MeterRegistry, M> register) {
        M meter = register.apply(registry);
        synchronized (this) {
            if (!closed) {
                meters.add(meter);
                return meter;
            }
        }
        registry.remove(meter);
        return meter;
    }

    @Override
    public String toString() {
        return "Otp4jMetrics[" + node.name() + ", " + servers.size() + " named servers]";
    }
}
