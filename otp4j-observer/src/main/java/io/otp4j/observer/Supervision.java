package io.otp4j.observer;

import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.Observation;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessSummary;
import io.otp4j.supervisor.ChildInfo;
import io.otp4j.supervisor.ChildType;
import io.otp4j.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

/**
 * The node's supervision trees, and the restarts of each child since the dashboard started: every supervisor
 * reports each restart to the node's observers ({@link ProcessObserver#childRestarted}), on its own thread, so
 * none is missed between two looks. Supervisors are found by walking the processes (every tenth sample, and for
 * each trees page); between walks the known ones are asked for their children.
 */
final class Supervision implements ProcessObserver, AutoCloseable {

    private final Node node;
    /** How long a supervisor has to tell its children. */
    private static final Duration ANSWER = Duration.ofSeconds(1);

    /** Restarts per supervisor and child id, as the supervisors report them. */
    private final Map<String, LongAdder> restarts = new ConcurrentHashMap<>();

    private final LongAdder totalRestarts = new LongAdder();
    private final Map<Pid, Future<List<ChildInfo>>> asking = new ConcurrentHashMap<>();
    private final Observation.Installed installed;
    private volatile List<Supervisor> known = List.of();

    Supervision(Node node) {
        this.node = node;
        this.installed = Observation.of(node).add(this);
    }

    @Override
    public void childRestarted(ChildRestarted event) {
        restarts.computeIfAbsent(key(event.supervisor(), String.valueOf(event.childId())), k -> new LongAdder())
                .increment();
        totalRestarts.increment();
    }

    /** Stops counting restarts. */
    @Override
    public void close() {
        installed.close();
    }

    /** Looks at every supervisor's children (walking the processes first if {@code discover}); {@return restarts} */
    synchronized long poll(boolean discover) {
        if (discover) {
            known = discover();
        }
        for (Supervisor s : known) {
            whichChildren(s);
        }
        return totalRestarts.sum();
    }

    /** {@return the trees: each root supervisor with its children, drawn down to the workers} */
    synchronized List<Map<String, Object>> trees() {
        List<Supervisor> all = discover();
        known = all;
        Map<Pid, List<ChildInfo>> childrenOf = new LinkedHashMap<>();
        Set<Pid> nested = new HashSet<>();
        for (Supervisor s : all) {
            List<ChildInfo> children = whichChildren(s);
            childrenOf.put(s.pid(), children);
            for (ChildInfo c : children) {
                c.pid().ifPresent(nested::add);
            }
        }
        List<Map<String, Object>> roots = new ArrayList<>();
        for (Supervisor s : all) {
            if (!nested.contains(s.pid())) {
                roots.add(node(s.pid(), "root", "supervisor", "running", childrenOf, 0));
            }
        }
        return roots;
    }

    private Map<String, Object> node(
            Pid pid, String id, String type, String status, Map<Pid, List<ChildInfo>> childrenOf, int depth) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", id);
        out.put("pid", pid.id());
        out.put("pidText", pid.toString());
        out.put(
                "name",
                node.view().summary(pid).flatMap(ProcessSummary::registeredName).orElse(""));
        out.put("type", type);
        out.put("status", status);
        List<ChildInfo> children = childrenOf.get(pid);
        if (children != null && depth < 32) {
            List<Map<String, Object>> kids = new ArrayList<>();
            for (ChildInfo c : children) {
                LongAdder counted = restarts.get(key(pid, c.id()));
                long restarted = counted == null ? 0 : counted.sum();
                Map<String, Object> kid = c.pid().isPresent()
                        ? node(c.pid().get(), c.id(), kind(c.type()), status(c), childrenOf, depth + 1)
                        : detached(c);
                kid.put("restarts", restarted);
                kids.add(kid);
            }
            out.put("children", kids);
        }
        return out;
    }

    private static Map<String, Object> detached(ChildInfo c) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("id", c.id());
        out.put("type", kind(c.type()));
        out.put("status", status(c));
        return out;
    }

    private static String kind(ChildType type) {
        return type == ChildType.SUPERVISOR ? "supervisor" : "worker";
    }

    private static String status(ChildInfo c) {
        return c.status().name().toLowerCase(java.util.Locale.ROOT);
    }

    private List<Supervisor> discover() {
        List<Supervisor> found = new ArrayList<>();
        node.view().forEach(s -> Supervisor.of(s.pid()).ifPresent(found::add));
        found.sort((a, b) -> a.pid().compareTo(b.pid()));
        return found;
    }

    /**
     * {@return the supervisor's children, or empty if it exited, or did not answer within {@link #ANSWER}} (a
     * suspended or busy supervisor must not hold the sampler or the trees page). The question goes on a virtual
     * thread of its own; while one is unanswered, the supervisor is not asked again.
     */
    private List<ChildInfo> whichChildren(Supervisor s) {
        Future<List<ChildInfo>> asked = asking.get(s.pid());
        if (asked != null && !asked.isDone()) {
            return List.of();
        }
        FutureTask<List<ChildInfo>> question = new FutureTask<>(s::whichChildren);
        asking.put(s.pid(), question);
        Thread.ofVirtual().name("otp4j-observer-which-children").start(question);
        try {
            List<ChildInfo> children = question.get(ANSWER.toMillis(), TimeUnit.MILLISECONDS);
            asking.remove(s.pid());
            return children;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return List.of();
        } catch (ExecutionException gone) {
            asking.remove(s.pid());
            return List.of();
        } catch (TimeoutException busy) {
            return List.of();
        }
    }

    private static String key(Pid supervisor, String child) {
        return supervisor.id() + "/" + child;
    }
}
