package io.otp4j.spring;

import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.Observation;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;
import org.springframework.context.SmartLifecycle;

/**
 * Starts the application's {@link SupervisionTree} beans on its node when the context has been refreshed, in
 * order, and stops them in reverse order when it closes (before the node bean itself is closed); counts the
 * restarts of every supervisor in the trees, nested ones included, within their tree's period for the health
 * indicator.
 */
public final class SupervisionTrees implements SmartLifecycle {

    private final Node node;
    private final List<SupervisionTree> trees;
    private final Duration shutdownTimeout;
    private final RestartLog restarts = new RestartLog();
    private Observation.@Nullable Installed observer;
    private volatile boolean running;

    /**
     * Trees to run on {@code node}, started in the order given.
     *
     * @param node the node the trees run on
     * @param trees the trees, started in this order and stopped in the reverse; copied
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
                restarts.add(event, node.clock().nanoTime());
            }

            @Override
            public void exited(Pid pid, ExitReason reason) {
                restarts.forget(pid);
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
            try {
                List<SupervisorStatus> supervisors =
                        new TreeWalk(node, restarts, now).walk(tree.name(), tree.supervisor());
                if (!supervisors.isEmpty()) {
                    SupervisorStatus root = supervisors.get(0);
                    return new TreeStatus(
                            tree.name(),
                            true,
                            root.restarts(),
                            intensity,
                            period,
                            root.activeChildren(),
                            root.children(),
                            supervisors);
                }
            } catch (RuntimeException e) {
                // it exited between the look and the walk: reported as not alive
            }
        }
        return new TreeStatus(
                tree.name(), false, 0, intensity, period, 0, tree.children().size(), List.of());
    }
}
