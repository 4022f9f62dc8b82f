package io.otp4j.supervisor;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A supervisor (Erlang's {@code supervisor}): a process that starts its children in order, restarts them when they
 * exit as their specs and its strategy say, and stops them in reverse order. Built on {@link
 * io.otp4j.genserver.GenServer}, trapping exits, as in OTP. A handle is immutable and safe to share.
 *
 * {@snippet class="io.otp4j.supervisor.SupervisorSnippetsTest" region="supervisor"}
 *
 * <p>Start: children start one after the other, each waited for; if one fails, those already started are stopped
 * (newest first) and the start throws a {@link io.otp4j.genserver.StartException} whose reason is {@code {shutdown,
 * {failed_to_start_child, Id, Reason}}} ({@link FailedToStartChild}). A child that asks to be ignored is kept, not
 * running (a temporary one is dropped).
 *
 * <p>Restarts: see {@link Restart}, {@link Strategy} and {@link SupervisorFlags}. More than {@code intensity}
 * restarts within {@code period} and the supervisor stops all its children and exits with {@code shutdown}; its own
 * supervisor then sees it exit and applies its own restart rules. Beyond OTP, a {@link Backoff} spaces the restarts.
 *
 * <p>Shutdown: on an exit signal from its parent or its node, or {@link #stop()}, the supervisor stops its children
 * in reverse start order, each as its {@link Shutdown} says, then exits. Closing the node stops a tree started with
 * {@link #start} or {@link #startLink} before any other process.
 *
 * <p>Reports: a child's abnormal exit (any exit of a permanent child), a start error, a shutdown error and a
 * supervisor giving up write one entry each to the {@code System.Logger} {@code io.otp4j.supervisor}, naming the
 * supervisor, the child spec, the pid and the reason.
 */
public final class Supervisor {

    private final GenServerRef<SupervisorServer.Request<?>, NoCast> server;

    private Supervisor(GenServerRef<SupervisorServer.Request<?>, NoCast> server) {
        this.server = server;
    }

    /**
     * Starts a supervisor of {@code children} on {@code node}, not linked to anyone, and waits until every child
     * has started.
     *
     * @param node the node to run it on
     * @param flags the restart strategy, intensity, back-off and auto-shutdown
     * @param children the children, started in this order and stopped in reverse; ids unique; may be empty
     * @return a handle on the running supervisor
     * @throws io.otp4j.genserver.StartException if a child failed to start (its reason is {@code {shutdown,
     *     FailedToStartChild}})
     * @throws IllegalArgumentException if two children share an id, or a child is significant while the
     *     supervisor's auto-shutdown is never
     */
    public static Supervisor start(Node node, SupervisorFlags flags, List<ChildSpec> children) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        return start(node, flags, children, StartOptions.defaults());
    }

    /**
     * Starts a supervisor with options (a name; its init timeout is ignored: a supervisor waits for all its
     * children); see {@link #start(Node, SupervisorFlags, List)}.
     *
     * @param node the node to run it on
     * @param flags the restart strategy, intensity, back-off and auto-shutdown
     * @param children the children, started in this order and stopped in reverse; ids unique; may be empty
     * @param options the supervisor's registered name, if any
     * @return a handle on the running supervisor
     * @throws io.otp4j.genserver.StartException if a child failed to start
     */
    public static Supervisor start(Node node, SupervisorFlags flags, List<ChildSpec> children, StartOptions options) {
        Objects.requireNonNull(node, "node");
        List<ChildSpec> specs = checkSpecs(flags, children);
        Objects.requireNonNull(options, "options");
        return new Supervisor(SupervisorServer.start(node, null, flags, specs, options, true));
    }

    /**
     * Starts a supervisor linked to the calling process; see {@link #start(Node, SupervisorFlags, List)}.
     *
     * @param parent the calling process, which the supervisor links to: its parent, whose exit stops the tree
     * @param flags the restart strategy, intensity, back-off and auto-shutdown
     * @param children the children, started in this order and stopped in reverse; ids unique; may be empty
     * @return a handle on the running supervisor
     * @throws io.otp4j.genserver.StartException if a child failed to start
     */
    public static Supervisor startLink(ProcessContext parent, SupervisorFlags flags, List<ChildSpec> children) {
        Objects.requireNonNull(parent, "parent");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        return startLink(parent, flags, children, StartOptions.defaults());
    }

    /**
     * Starts a supervisor linked to the calling process, with options.
     *
     * @param parent the calling process, which the supervisor links to: its parent, whose exit stops the tree
     * @param flags the restart strategy, intensity, back-off and auto-shutdown
     * @param children the children, started in this order and stopped in reverse; ids unique; may be empty
     * @param options the supervisor's registered name, if any
     * @return a handle on the running supervisor
     * @throws io.otp4j.genserver.StartException if a child failed to start
     */
    public static Supervisor startLink(
            ProcessContext parent, SupervisorFlags flags, List<ChildSpec> children, StartOptions options) {
        Objects.requireNonNull(parent, "parent");
        List<ChildSpec> specs = checkSpecs(flags, children);
        Objects.requireNonNull(options, "options");
        return new Supervisor(SupervisorServer.start(parent.node(), parent, flags, specs, options, true));
    }

    /**
     * {@return a handle on the supervisor with this pid (a child of type {@link ChildType#SUPERVISOR}, say), if it
     * is a live supervisor} Empty for any other process.
     *
     * @param pid a process of this JVM
     */
    public static Optional<Supervisor> of(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return GenServerRef.of(pid, SupervisorServer.TYPE).map(Supervisor::new);
    }

    /**
     * {@return a handle on the supervisor registered as {@code name} on {@code node}, if it is a live supervisor}
     *
     * @param node the node whose registered names to look in
     * @param name the supervisor's registered name
     */
    public static Optional<Supervisor> whereis(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        return GenServerRef.whereis(node, name, SupervisorServer.TYPE).map(Supervisor::new);
    }

    /** Checks a supervisor's specs before anything starts; {@return an immutable copy} */
    static List<ChildSpec> checkSpecs(SupervisorFlags flags, List<ChildSpec> children) {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        List<ChildSpec> specs = List.copyOf(children);
        Set<String> ids = new HashSet<>();
        for (ChildSpec spec : specs) {
            if (!ids.add(spec.id())) {
                throw new IllegalArgumentException("two children have the id " + spec.id() + "; ids must be unique");
            }
            checkSignificant(flags, spec);
        }
        return specs;
    }

    static void checkSignificant(SupervisorFlags flags, ChildSpec spec) {
        if (spec.significant() && flags.autoShutdown() == AutoShutdown.NEVER) {
            throw new IllegalArgumentException("child " + spec.id()
                    + " is significant, but the supervisor's auto-shutdown is never; set ANY_SIGNIFICANT or"
                    + " ALL_SIGNIFICANT");
        }
    }

    /** {@return the supervisor's pid} */
    public Pid pid() {
        return server.pid();
    }

    /** {@return whether the supervisor is alive} */
    public boolean isAlive() {
        return server.isAlive();
    }

    /** {@return the children, in start order (Erlang's {@code which_children})} */
    public List<ChildInfo> whichChildren() {
        return server.callWithoutTimeout(new SupervisorServer.Which());
    }

    /** {@return how many children there are, running or not (Erlang's {@code count_children})} */
    public ChildCounts countChildren() {
        return server.callWithoutTimeout(new SupervisorServer.Count());
    }

    /**
     * {@return the flags the supervisor runs with: its strategy, and the restart intensity and period past which it
     * shuts down} What a health check needs to tell a supervisor near its intensity from one far from it.
     */
    public SupervisorFlags flags() {
        return server.callWithoutTimeout(new SupervisorServer.Flags());
    }

    /**
     * Adds a child at the end and starts it (Erlang's {@code start_child}).
     *
     * @param spec the new child; its id must not be taken
     * @return the child's pid, or ignore (its spec is kept, unless temporary)
     * @throws SupervisorException {@code ALREADY_STARTED} or {@code ALREADY_PRESENT} if the id is taken; {@code
     *     START_FAILED} with the reason if the start failed (the spec is not kept)
     */
    public StartResult startChild(ChildSpec spec) {
        Objects.requireNonNull(spec, "spec");
        return answer(new SupervisorServer.StartChild(spec), StartResult.class);
    }

    /**
     * Stops a child as its spec's shutdown says (Erlang's {@code terminate_child}); the spec is kept, unless the
     * child is temporary. A child waiting for a restart is no longer restarted. Stopping a child that is not
     * running does nothing.
     *
     * @param id the child's id
     * @throws SupervisorException {@code NOT_FOUND} if no child has the id
     */
    public void terminateChild(String id) {
        Objects.requireNonNull(id, "id");
        answer(new SupervisorServer.TerminateChild(id), Boolean.class);
    }

    /**
     * Starts a child that is not running (Erlang's {@code restart_child}).
     *
     * @param id the child's id; its spec must be kept and the child not running
     * @return the child's pid, or ignore
     * @throws SupervisorException {@code NOT_FOUND}, {@code RUNNING}, or {@code START_FAILED} with the reason
     */
    public StartResult restartChild(String id) {
        Objects.requireNonNull(id, "id");
        return answer(new SupervisorServer.RestartChild(id), StartResult.class);
    }

    /**
     * Forgets the spec of a child that is not running (Erlang's {@code delete_child}).
     *
     * @param id the child's id
     * @throws SupervisorException {@code NOT_FOUND}, {@code RUNNING} or {@code RESTARTING}
     */
    public void deleteChild(String id) {
        Objects.requireNonNull(id, "id");
        answer(new SupervisorServer.DeleteChild(id), Boolean.class);
    }

    /** Stops the supervisor and its tree, waiting as long as that takes; see {@link #stop(ExitReason, Duration)}. */
    public void stop() {
        stop(ExitReason.normal(), Duration.ofSeconds(Long.MAX_VALUE));
    }

    /**
     * Stops the supervisor: it stops its children in reverse order, then exits with {@code reason}.
     *
     * @param reason the supervisor's exit reason, which its links and monitors see
     * @param timeout how long to wait for the whole tree to be gone
     * @throws io.otp4j.genserver.ServerExitedException if it was not alive
     * @throws io.otp4j.genserver.CallTimeoutException if it was not gone within {@code timeout}
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        server.stop(reason, timeout);
    }

    private <T> T answer(SupervisorServer.Request<Object> request, Class<T> type) {
        return answer(server, request, type);
    }

    /** Turns a reply that may be a refusal into its value, or the exception that names the refusal. */
    static <T> T answer(
            GenServerRef<SupervisorServer.Request<?>, NoCast> server,
            SupervisorServer.Request<Object> request,
            Class<T> type) {
        Object reply = server.callWithoutTimeout(request);
        if (reply instanceof SupervisorServer.Failure failure) {
            throw new SupervisorException(server.pid(), failure.problem(), failure.detail(), failure.reason());
        }
        return type.cast(reply);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Supervisor that && server.equals(that.server);
    }

    @Override
    public int hashCode() {
        return server.hashCode();
    }

    @Override
    public String toString() {
        return "Supervisor[" + server.pid() + "]";
    }
}
