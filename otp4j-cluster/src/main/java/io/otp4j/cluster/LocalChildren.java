package io.otp4j.cluster;

import io.otp4j.cluster.SupervisorProtocol.Spec;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.DynamicSupervisor;
import io.otp4j.supervisor.StartResult;
import io.otp4j.supervisor.SupervisorFlags;
import java.lang.System.Logger.Level;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiConsumer;
import org.jspecify.annotations.Nullable;

/**
 * The children one node of a {@link DistributedSupervisor} runs, under a local {@link DynamicSupervisor} linked to
 * the node's server: their start (with a handed-over state), their restarts (reported with their new pid), their
 * hand-over and their end. Used by the server's process only, except the restarts, which run in the local
 * supervisor's process.
 */
final class LocalChildren {

    private static final System.Logger LOG = System.getLogger(DistributedSupervisor.class.getName());

    private final Map<String, ChildFactory> kinds;
    private final DynamicSupervisor supervisor;
    /** The running children by id: their current pid. */
    private final Map<String, Pid> pids = new HashMap<>();

    LocalChildren(ProcessContext server, Map<String, ChildFactory> kinds, SupervisorFlags flags) {
        this.kinds = kinds;
        this.supervisor = DynamicSupervisor.startLink(
                server, flags, DynamicSupervisor.UNLIMITED, io.otp4j.genserver.StartOptions.defaults());
    }

    boolean runs(String id) {
        return pids.containsKey(id);
    }

    @Nullable
    Pid pid(String id) {
        return pids.get(id);
    }

    Map<String, Pid> running() {
        return Map.copyOf(pids);
    }

    /** A restart's new pid, if the child still runs here. {@return whether it does} */
    boolean restarted(String id, Pid pid) {
        if (pids.containsKey(id)) {
            pids.put(id, pid);
            return true;
        }
        return false;
    }

    /**
     * Starts {@code spec}'s child here; a server that implements {@link Handoff} takes over {@code state} (one
     * value, or none) before anyone can find it. Each restart calls {@code restarted} with the new pid, on the
     * local supervisor's process. {@return its pid, or empty if it could not start} (the reason is logged)
     */
    Optional<Pid> start(Spec spec, List<Object> state, BiConsumer<String, Pid> restarted) {
        ChildFactory factory = kinds.get(spec.kind());
        if (factory == null) {
            LOG.log(
                    Level.ERROR,
                    "distributed supervisor: child {0} is of kind {1}, which this node was not given;"
                            + " it does not run here (give every node the same kinds)",
                    spec.id(),
                    spec.kind());
            return Optional.empty();
        }
        AtomicReference<@Nullable List<Object>> handedOver = new AtomicReference<>(state.isEmpty() ? null : state);
        ChildSpec child = ChildSpec.of(spec.id(), sup -> {
            GenServer<?, ?, ?> server = factory.create(spec.argument());
            if (server == null) {
                throw new IllegalStateException("the factory of kind " + spec.kind() + " made no server");
            }
            GenServerRef<?, ?> ref = startLink(sup, server);
            List<Object> taken = handedOver.getAndSet(null);
            if (taken != null) {
                Handoffs.putIn(ref, taken.get(0));
            }
            restarted.accept(spec.id(), ref.pid());
            return StartResult.ok(ref.pid());
        });
        try {
            StartResult result = supervisor.startChild(child);
            if (result instanceof StartResult.Ok(Pid pid)) {
                pids.put(spec.id(), pid);
                return Optional.of(pid);
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "distributed supervisor: child " + spec.id() + " failed to start", e);
            return Optional.empty();
        }
    }

    private static <S, C extends Call<?>, K> GenServerRef<C, K> startLink(
            ProcessContext sup, GenServer<S, C, K> server) {
        return GenServer.startLink(sup, server);
    }

    /**
     * Stops the child {@code id} for a move: a server that implements {@link Handoff} is suspended first (requests
     * queue in its mailbox), gives its state, and is stopped (the queued requests fail with its exit). {@return
     * what it handed off, a list of one value, or empty}
     */
    List<Object> handOff(String id) {
        Pid pid = pids.remove(id);
        if (pid == null) {
            return List.of();
        }
        List<Object> state = List.of();
        try {
            state = Handoffs.takeOut(pid).<List<Object>>map(List::of).orElse(List.of());
        } catch (RuntimeException e) {
            // It ended or failed meanwhile: it moves without its state, and starts from init.
            LOG.log(Level.WARNING, "distributed supervisor: child " + id + " gave no state to hand off", e);
        }
        stop(id, pid);
        return state;
    }

    /** Stops the child {@code id} without handing anything off (it was terminated, or another instance wins). */
    void terminate(String id) {
        Pid pid = pids.remove(id);
        if (pid != null) {
            stop(id, pid);
        }
    }

    private void stop(String id, Pid pid) {
        try {
            supervisor.terminateChild(pid);
        } catch (RuntimeException e) {
            // Not a child any more: it exited and was not restarted, or is restarting under another pid.
            LOG.log(Level.DEBUG, "distributed supervisor: child {0} ({1}) had already stopped", id, pid);
        }
    }

    /** Stops {@code pid}, an instance of {@code id} this node no longer runs, if it is still a child. */
    void stray(String id, Pid pid) {
        stop(id, pid);
    }

    /** Stops every child and the local supervisor. */
    void stopAll() {
        pids.clear();
        if (supervisor.isAlive()) {
            supervisor.stop();
        }
    }
}
