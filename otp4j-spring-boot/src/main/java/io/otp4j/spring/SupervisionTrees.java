package io.otp4j.spring;

import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.Observation;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.supervisor.ChildCounts;
import io.otp4j.supervisor.Supervisor;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link SupervisionTree} beans on its node when the context has been refreshed, in
 * order, and stops them in reverse order when it closes (before the node bean itself is closed); counts each root
 * supervisor's restarts within its period for the health indicator.
 */
public final class SupervisionTrees implements SmartLifecycle {

    private final Node node;
    private final List<SupervisionTree> trees;
    private final Duration shutdownTimeout;
    private final Map<Pid, ArrayDeque<Long>> restarts = new ConcurrentHashMap<>();
    private Observation.@Nullable Installed observer;
    private volatile boolean running;

    /**
     * Trees to run on {@code node}, started in the order given.
     *
     * @param shutdownTimeout how long each tree has to stop its children at shutdown
     */
    public SupervisionTrees(Node node, List<SupervisionTree> trees, Duration shutdownTimeout) {
        this.node = Objects.requireNonNull(node, "node");
        this.trees = List.copyOf(trees);
        this.shutdownTimeout = Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
    }

    /** {@return the trees, in start order} */
    public List<SupervisionTree> trees() {
        return trees;
    }

    /** {@return the node the trees run on} */
    public Node node() {
        return node;
    }

    @Override
    public synchronized void start() {
        if (running) {
            return;
        }
        observer = Observation.of(node).add(new ProcessObserver() {
            @Override
            public void childRestarted(ChildRestarted event) {
                restarted(event.supervisor());
            }
        });
        List<SupervisionTree> started = new ArrayList<>();
        try {
            for (SupervisionTree tree : trees) {
                tree.start(node);
                started.add(tree);
            }
        } catch (RuntimeException e) {
            stopAll(started);
            throw e;
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        stopAll(trees);
    }

    private void stopAll(List<SupervisionTree> started) {
        List<SupervisionTree> newestFirst = new ArrayList<>(started);
        Collections.reverse(newestFirst);
        try {
            for (SupervisionTree tree : newestFirst) {
                tree.stop(shutdownTimeout);
            }
        } finally {
            Observation.Installed o = observer;
            observer = null;
            if (o != null) {
                o.close();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** {@return how each tree is doing, in start order} */
    public List<TreeStatus> status() {
        List<TreeStatus> status = new ArrayList<>();
        long now = node.clock().nanoTime();
        for (SupervisionTree tree : trees) {
            status.add(status(tree, now));
        }
        return status;
    }

    private TreeStatus status(SupervisionTree tree, long now) {
        Duration period = tree.flags().period();
        int intensity = tree.flags().intensity();
        if (tree.isRunning()) {
            Supervisor s = tree.supervisor();
            try {
                ChildCounts counts = s.countChildren();
                int recent = recentRestarts(s.pid(), now, period);
                return new TreeStatus(tree.name(), true, recent, intensity, period, counts.active(), counts.specs());
            } catch (RuntimeException e) {
                // it exited between the look and the count: reported as not alive
            }
        }
        return new TreeStatus(
                tree.name(), false, 0, intensity, period, 0, tree.children().size());
    }

    private void restarted(Pid supervisor) {
        long now = node.clock().nanoTime();
        ArrayDeque<Long> times = restarts.computeIfAbsent(supervisor, p -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            while (times.size() > 1_000) { // bounded: far beyond any intensity
                times.removeFirst();
            }
        }
    }

    private int recentRestarts(Pid supervisor, long now, Duration period) {
        ArrayDeque<Long> times = restarts.get(supervisor);
        if (times == null) {
            return 0;
        }
        long periodNanos = period.toNanos();
        synchronized (times) {
            int recent = 0;
            for (Long t : times) {
                if (now - t <= periodNanos) {
                    recent++;
                }
            }
            return recent;
        }
    }
}
