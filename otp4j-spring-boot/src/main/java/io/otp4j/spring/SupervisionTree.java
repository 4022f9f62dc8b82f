package io.otp4j.spring;

import io.otp4j.genserver.ServerExitedException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.Supervisor;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A supervision tree declared as a bean: its name, its supervisor's flags and its children. The starter starts
 * every declared tree on the application's {@link Node} once the context is refreshed, in the beans' order
 * ({@code @Order} or declaration), and stops them in reverse order when the context closes, before it closes the
 * node.
 *
 * {@snippet class="io.otp4j.spring.OrdersApplication" region="tree"}
 *
 * The root supervisor is registered under the tree's name, so plain code finds it with {@link
 * Supervisor#whereis(Node, String)} and its children by their own registered names.
 */
public final class SupervisionTree {

    private final String name;
    private final SupervisorFlags flags;
    private final List<ChildSpec> children;
    private volatile @Nullable Supervisor supervisor;

    private SupervisionTree(String name, SupervisorFlags flags, List<ChildSpec> children) {
        this.name = name;
        this.flags = flags;
        this.children = children;
    }

    /**
     * {@return a tree whose root supervisor is registered as {@code name}, with {@code flags} and {@code children}}
     *
     * @param name the name its root supervisor is registered under on the node, and the tree's name in the health
     *     details; not blank
     * @param flags the root supervisor's strategy, intensity and period
     * @param children the root's children, started in this order; may be empty
     * @throws IllegalArgumentException if {@code name} is blank
     */
    public static SupervisionTree of(String name, SupervisorFlags flags, List<ChildSpec> children) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a supervision tree needs a name, was blank");
        }
        return new SupervisionTree(name, flags, List.copyOf(children));
    }

    /** {@return the name its root supervisor is registered under} */
    public String name() {
        return name;
    }

    /** {@return the root supervisor's flags} */
    public SupervisorFlags flags() {
        return flags;
    }

    /** {@return the children declared, in start order} */
    public List<ChildSpec> children() {
        return children;
    }

    /**
     * {@return the running root supervisor}
     *
     * @throws IllegalStateException if the tree has not been started (the context is not refreshed yet) or was
     *     stopped
     */
    public Supervisor supervisor() {
        Supervisor s = supervisor;
        if (s == null) {
            throw new IllegalStateException("the supervision tree " + name + " is not running");
        }
        return s;
    }

    /** {@return whether the tree was started and its root supervisor is alive} */
    public boolean isRunning() {
        Supervisor s = supervisor;
        return s != null && s.isAlive();
    }

    /** Starts the tree on {@code node}; called by the starter. */
    synchronized Supervisor start(Node node) {
        if (supervisor != null) {
            throw new IllegalStateException("the supervision tree " + name + " is started already");
        }
        Supervisor s =
                Supervisor.start(node, flags, children, StartOptions.defaults().withName(name));
        supervisor = s;
        return s;
    }

    /** Stops the tree, if it runs, giving it {@code timeout} to stop its children; called by the starter. */
    synchronized void stop(Duration timeout) {
        Supervisor s = supervisor;
        supervisor = null;
        if (s != null && s.isAlive()) {
            try {
                s.stop(ExitReason.shutdown(), timeout);
            } catch (ServerExitedException e) {
                // it exited on its own between the look and the stop: stopped all the same
            }
        }
    }

    @Override
    public String toString() {
        return "SupervisionTree[" + name + ", " + flags.strategy() + ", " + children.size() + " children]";
    }
}
