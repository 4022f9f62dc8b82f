package io.otp4j.observe.spi;

import io.otp4j.observe.CallFinished;
import io.otp4j.observe.ChildRestarted;
import io.otp4j.observe.ContextCarrier;
import io.otp4j.observe.Handled;
import io.otp4j.observe.ProcessObserver;
import io.otp4j.observe.Sending;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessHooks;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * What observes a node, as installed now: an immutable snapshot of its observers and carriers, replaced whole when
 * either changes. The layers above the process layer find it with {@link #of(Node)} (one volatile read, null while
 * nothing is installed) and report through it; it guards every call into an observer or carrier, so that one that
 * throws is logged once and otherwise ignored.
 */
public final class Observers implements ProcessHooks {

    private static final System.Logger LOG = System.getLogger("io.otp4j.observe");
    private static final Engine ENGINE = Engine.get();

    /**
     * Observers and carriers that threw once: they are not logged again (shared by all snapshots). Weak, so that it
     * keeps no removed observer reachable; touched only when one throws.
     */
    private static final Set<Object> FAILED =
            Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private final Node node;
    private final ProcessObserver[] observers;
    private final ContextCarrier<?>[] carriers;

    /** Whether some observer overrides {@link ProcessObserver#handled}: else no server builds a {@link Handled}. */
    private final boolean handling;

    /** Whether some observer overrides {@link ProcessObserver#callFinished}: else no call is reported. */
    private final boolean calling;

    /**
     * One call in how many is timed: the least {@link ProcessObserver#timeOneCallIn()} of the observers told of
     * calls; {@link Integer#MAX_VALUE} for none.
     */
    private final int timeOneIn;

    /** A call's start that was not read: the call is not timed. */
    private static final long UNTIMED_START = Long.MIN_VALUE;

    /**
     * A snapshot of what is installed on {@code node}; the lists are copied.
     *
     * @param node the node observed
     * @param observers the observers, in the order installed; may be empty
     * @param carriers the context carriers, in the order installed (the order they attach in); may be empty
     */
    public Observers(Node node, List<ProcessObserver> observers, List<ContextCarrier<?>> carriers) {
        this.node = Objects.requireNonNull(node, "node");
        this.observers = observers.toArray(ProcessObserver[]::new);
        this.carriers = carriers.toArray(ContextCarrier<?>[]::new);
        this.handling = anyOverrides(this.observers, "handled", Handled.class);
        this.calling = anyOverrides(this.observers, "callFinished", CallFinished.class);
        this.timeOneIn = leastTimeOneIn(this.observers);
    }

    /** {@return whether one of {@code observers} overrides the hook {@code name}, whose default does nothing} */
    private static boolean anyOverrides(ProcessObserver[] observers, String name, Class<?> event) {
        for (ProcessObserver o : observers) {
            if (overrides(o, name, event)) {
                return true;
            }
        }
        return false;
    }

    /** {@return whether {@code observer} overrides the hook {@code name}} */
    private static boolean overrides(ProcessObserver observer, String name, Class<?> event) {
        try {
            return observer.getClass().getMethod(name, event).getDeclaringClass() != ProcessObserver.class;
        } catch (NoSuchMethodException e) {
            throw new AssertionError("ProcessObserver has no hook " + name, e);
        }
    }

    /**
     * {@return the least {@link ProcessObserver#timeOneCallIn()} of those {@code observers} told of calls (at least
     * 1, which {@link io.otp4j.observe.Observation#add} checks), or {@link Integer#MAX_VALUE} if none is}
     */
    private static int leastTimeOneIn(ProcessObserver[] observers) {
        int least = Integer.MAX_VALUE;
        for (ProcessObserver o : observers) {
            if (overrides(o, "callFinished", CallFinished.class)) {
                least = Math.min(least, Math.max(1, o.timeOneCallIn()));
            }
        }
        return least;
    }

    /**
     * {@return what observes {@code node} now, or null while nothing does}
     *
     * @param node the node asked about
     */
    public static @Nullable Observers of(Node node) {
        return ENGINE.hooks(node) instanceof Observers o ? o : null;
    }

    /** {@return the node observed} */
    public Node node() {
        return node;
    }

    /** {@return whether any observer is installed} (else only carriers are) */
    public boolean observing() {
        return observers.length > 0;
    }

    /**
     * {@return whether an observer wants {@link #handled}}: the servers skip timing their callbacks and building
     * the event when none overrides the hook's empty default
     */
    public boolean handling() {
        return handling;
    }

    /**
     * {@return whether a server's callbacks need this snapshot}: an observer wants {@link #handled}, or a carrier
     * may have a context to attach; else a server runs its callbacks as if nothing observed the node
     */
    public boolean seesCallbacks() {
        return handling || carriers.length > 0;
    }

    /** {@return whether an observer wants {@link #callFinished}}: calls are not timed when none overrides it */
    public boolean calling() {
        return calling;
    }

    /**
     * {@return the start of a call the calling thread makes now, on the node's clock, if the call is to be timed}:
     * every call, one in {@code n} at random, or none, as the observers want; else a value that
     * {@link #callFinished(Pid, String, Class, long, CallFinished.Outcome)} takes for untimed
     */
    public long callStarts() {
        int n = timeOneIn;
        if (n == Integer.MAX_VALUE || (n > 1 && ThreadLocalRandom.current().nextInt(n) != 0)) {
            return UNTIMED_START;
        }
        return node.clock().nanoTime();
    }

    /**
     * Tells every observer that a call to {@code server} (started or called as {@code name}) ended with
     * {@code outcome}; {@code start} is what {@link #callStarts()} returned for it.
     *
     * @param server the server called
     * @param name the name the server was called by or started under; null if none
     * @param requestType the class of the request
     * @param start what {@link #callStarts()} returned as the call began: a clock reading, or the mark of an
     *     untimed call
     * @param outcome how the call ended
     */
    public void callFinished(
            Pid server, @Nullable String name, Class<?> requestType, long start, CallFinished.Outcome outcome) {
        long nanos = start == UNTIMED_START
                ? CallFinished.UNTIMED
                : Math.max(0, node.clock().nanoTime() - start);
        callFinished(new CallFinished(server, name, requestType, nanos, timeOneIn, outcome));
    }

    @Override
    public void spawned(Pid pid) {
        each(o -> o.spawned(pid));
    }

    @Override
    public void exited(Pid pid, ExitReason reason) {
        each(o -> o.exited(pid, reason));
    }

    /**
     * Tells every observer that a server handled a message.
     *
     * @param event which server, which callback, how long it took and how it ended
     */
    public void handled(Handled event) {
        each(o -> o.handled(event));
    }

    /**
     * Tells every observer that a call ended.
     *
     * @param event which server was called, with what, how it ended and (when timed) how long it took
     */
    public void callFinished(CallFinished event) {
        for (ProcessObserver o : observers) { // no lambda: this runs once per call
            try {
                o.callFinished(event);
            } catch (RuntimeException | LinkageError e) {
                failed(o, e);
            }
        }
    }

    /**
     * Tells every observer that a supervisor restarted a child.
     *
     * @param event which supervisor, which child, why it exited and its new pid
     */
    public void childRestarted(ChildRestarted event) {
        each(o -> o.childRestarted(event));
    }

    private void each(Consumer<ProcessObserver> hook) {
        for (ProcessObserver o : observers) {
            try {
                hook.accept(o);
            } catch (RuntimeException | LinkageError e) {
                failed(o, e);
            }
        }
    }

    /**
     * {@return the calling thread's contexts for sending {@code message} to the local process {@code to}, one per
     * carrier, or null if no carrier captured any}
     */
    @Override
    public @Nullable Captured capture(Pid to, Object message) {
        if (carriers.length == 0) {
            return null;
        }
        return capture(
                message instanceof Outgoing o
                        ? o.sending(to)
                        : new Sending(Sending.Kind.SEND, to, null, message.getClass()));
    }

    /**
     * {@return the calling thread's contexts for {@code sending}, one per carrier, or null if none captured any}
     *
     * @param sending what is being sent: a call, a cast or a plain send, and to whom
     */
    public @Nullable Captured capture(Sending sending) {
        return carriers.length == 0 ? null : collect(carrier -> carrier.capture(sending));
    }

    /**
     * {@return the calling thread's contexts, one per carrier, or null if none captured any}, for a sender that
     * does not say what it sends (the carriers' {@link ContextCarrier#capture()})
     */
    public @Nullable Captured capture() {
        return carriers.length == 0 ? null : collect(ContextCarrier::capture);
    }

    /**
     * {@return the context that {@link Captured#toFields()} wrote as {@code fields}, as this node's carriers read it
     * back; null if none of them finds its context there}
     *
     * @param fields the text fields that came with a message from another node; empty when it carried none
     */
    public @Nullable Captured fromFields(Map<String, String> fields) {
        Objects.requireNonNull(fields, "fields");
        return fields.isEmpty() || carriers.length == 0 ? null : collect(carrier -> carrier.fromFields(fields));
    }

    /** {@return each carrier's context as {@code read} gets it, or null if none has one} */
    private @Nullable Captured collect(Function<ContextCarrier<?>, @Nullable Object> read) {
        @Nullable Object[] contexts = null;
        for (int i = 0; i < carriers.length; i++) {
            Object context;
            try {
                context = read.apply(carriers[i]);
            } catch (RuntimeException | LinkageError e) {
                failed(carriers[i], e);
                context = null;
            }
            if (context != null) {
                if (contexts == null) {
                    contexts = new Object[carriers.length];
                }
                contexts[i] = context;
            }
        }
        return contexts == null ? null : new Captured(carriers, contexts);
    }

    /** Logs that an observer or carrier threw, the first time it does. */
    static void failed(Object hook, Throwable e) {
        if (FAILED.add(hook)) {
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> "observer " + hook + " threw " + e + "; it is ignored (logged once per observer)",
                    e);
        }
    }

    @Override
    public String toString() {
        return "Observers[" + node.name() + ", " + observers.length + " observers, " + carriers.length + " carriers]";
    }
}
