package io.otp4j.observe;

import io.otp4j.observe.spi.Observers;
import io.otp4j.process.Node;
import io.otp4j.process.spi.Engine;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What observes one node: its {@link ProcessObserver}s and {@link ContextCarrier}s. One per node, found with
 * {@link #of(Node)}; installing and removing are rare and may be done from any thread, at any time.
 *
 * {@snippet class="io.otp4j.observe.DocSnippetsTest" region="observer"}
 *
 * <p>Cost: while nothing is installed, spawning, sending, calling and handling pay one volatile read each to find
 * that out. Once something is, each hook is a call on the thread that does the work; observers and carriers must
 * be quick.
 */
public final class Observation {

    private static final Engine ENGINE = Engine.get();

    private final Node node;
    private final List<ProcessObserver> observers = new ArrayList<>(); // guarded by this
    private final List<ContextCarrier<?>> carriers = new ArrayList<>(); // guarded by this

    private Observation(Node node) {
        this.node = node;
    }

    /**
     * {@return the observation of {@code node}}, created on first use; the same object for as long as the node runs
     *
     * @param node the node to observe
     */
    public static Observation of(Node node) {
        Objects.requireNonNull(node, "node");
        return ENGINE.service(node, Observation.class, found -> found != null ? found : new Observation(node));
    }

    /** {@return the node observed} */
    public Node node() {
        return node;
    }

    /**
     * Installs {@code observer}: from now on it is told what happens on the node (a hook already running on another
     * thread may still miss it). The same observer may be installed twice and is then told twice.
     *
     * @param observer what is told; its {@link ProcessObserver#timeOneCallIn()} must be at least 1
     * @return what removes it again
     */
    public Installed add(ProcessObserver observer) {
        Objects.requireNonNull(observer, "observer");
        int timeOneIn = observer.timeOneCallIn();
        if (timeOneIn < 1) {
            throw new IllegalArgumentException(
                    "an observer's timeOneCallIn() must be at least 1, was " + timeOneIn + " for " + observer);
        }
        synchronized (this) {
            observers.add(observer);
            publish();
        }
        return new Installed(() -> remove(observers, observer));
    }

    /**
     * Installs {@code carrier}: from now on messages sent by {@code call}, {@code cast} and {@code send} carry what
     * it captures into the handler that takes them. Several carriers may be installed (a trace context, logging
     * fields); they attach in the order installed, and detach in reverse.
     *
     * @param carrier what captures the sender's context and attaches it in the handler
     * @return what removes it again
     */
    public Installed carry(ContextCarrier<?> carrier) {
        Objects.requireNonNull(carrier, "carrier");
        synchronized (this) {
            carriers.add(carrier);
            publish();
        }
        return new Installed(() -> remove(carriers, carrier));
    }

    /** {@return the observers installed now, in the order installed} */
    public synchronized List<ProcessObserver> observers() {
        return List.copyOf(observers);
    }

    /** {@return the carriers installed now, in the order installed} */
    public synchronized List<ContextCarrier<?>> carriers() {
        return List.copyOf(carriers);
    }

    private synchronized <T> void remove(List<T> list, T item) {
        for (int i = 0; i < list.size(); i++) {
            if (list.get(i) == item) {
                list.remove(i);
                publish();
                return;
            }
        }
    }

    /** Installs the node's hooks as they are now: none while nothing is installed, so that nothing is paid. */
    private void publish() {
        ENGINE.hooks(node, observers.isEmpty() && carriers.isEmpty() ? null : new Observers(node, observers, carriers));
    }

    @Override
    public String toString() {
        return "Observation[" + node.name() + "]";
    }

    /** An installed observer or carrier; {@link #close()} removes it, once (later closes do nothing). */
    public static final class Installed implements AutoCloseable {
        private final Runnable remove;
        private boolean closed; // guarded by this

        private Installed(Runnable remove) {
            this.remove = remove;
        }

        /** Removes what was installed; does nothing the second time. */
        @Override
        public void close() {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
            }
            remove.run();
        }
    }
}
