package io.otp4j.supervisor;

import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * A supervisor that starts with no children and takes them at run time (Elixir's {@code DynamicSupervisor}): one
 * connection, session or job per child. Children are told apart by pid; their specs' ids need not be unique.
 *
 * {@snippet class="io.otp4j.supervisor.SupervisorSnippetsTest" region="dynamic"}
 *
 * <p>The rules are a {@link Supervisor}'s with strategy one_for_one: restart types, intensity (past it the
 * supervisor stops every child and exits with {@code shutdown}), back-off, reports. A child that exits and is not
 * restarted is forgotten, as is one that is terminated. At most {@code maxChildren} children exist at a time;
 * {@link #startChild} beyond that throws. On shutdown, all children are signalled at once and each is waited for
 * within its own shutdown limit, as Elixir does.
 */
public final class DynamicSupervisor {

    /** No limit on the number of children. */
    public static final int UNLIMITED = Integer.MAX_VALUE;

    private final GenServerRef<SupervisorServer.Request<?>, NoCast> server;

    private DynamicSupervisor(GenServerRef<SupervisorServer.Request<?>, NoCast> server) {
        this.server = server;
    }

    /**
     * {@return a started dynamic supervisor with OTP's default intensity and no limit on its children}
     *
     * @param node the node to run it on
     */
    public static DynamicSupervisor start(Node node) {
        Objects.requireNonNull(node, "node");
        return start(node, SupervisorFlags.oneForOne(), UNLIMITED, StartOptions.defaults());
    }

    /**
     * {@return a started dynamic supervisor with these flags and at most {@code maxChildren} children}
     *
     * @param node the node to run it on
     * @param flags the strategy must be one_for_one; auto-shutdown must be never
     * @param maxChildren at least 1, or {@link #UNLIMITED}
     * @throws IllegalArgumentException if the flags or {@code maxChildren} break those rules
     */
    public static DynamicSupervisor start(Node node, SupervisorFlags flags, int maxChildren) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(flags, "flags");
        return start(node, flags, maxChildren, StartOptions.defaults());
    }

    /**
     * Starts a dynamic supervisor, not linked to anyone.
     *
     * @param node the node to run it on
     * @param flags the strategy must be one_for_one; auto-shutdown must be never
     * @param maxChildren at least 1, or {@link #UNLIMITED}
     * @param options a name, say
     * @return a handle on the running supervisor
     * @throws IllegalArgumentException if the flags or {@code maxChildren} break those rules
     */
    public static DynamicSupervisor start(Node node, SupervisorFlags flags, int maxChildren, StartOptions options) {
        Objects.requireNonNull(node, "node");
        check(flags, maxChildren, options);
        return new DynamicSupervisor(SupervisorServer.startDynamic(node, null, flags, maxChildren, options));
    }

    /**
     * Starts a dynamic supervisor linked to the calling process; see {@link #start(Node, SupervisorFlags, int,
     * StartOptions)}.
     *
     * @param parent the calling process, which the supervisor links to: its parent, whose exit stops it
     * @param flags the strategy must be one_for_one; auto-shutdown must be never
     * @param maxChildren at least 1, or {@link #UNLIMITED}
     * @param options a name, say
     * @return a handle on the running supervisor
     * @throws IllegalArgumentException if the flags or {@code maxChildren} break those rules
     */
    public static DynamicSupervisor startLink(
            ProcessContext parent, SupervisorFlags flags, int maxChildren, StartOptions options) {
        Objects.requireNonNull(parent, "parent");
        check(flags, maxChildren, options);
        return new DynamicSupervisor(SupervisorServer.startDynamic(parent.node(), parent, flags, maxChildren, options));
    }

    /**
     * {@return a child spec that runs a dynamic supervisor under another supervisor} Find it later with {@link
     * #of(Pid)} from the parent's {@link Supervisor#whichChildren}, or by a name in {@code options}. The child is
     * permanent, of type supervisor, and has all the time it needs to shut down.
     *
     * @param id the child's id under its parent
     * @param flags the strategy must be one_for_one; auto-shutdown must be never
     * @param maxChildren at least 1, or {@link #UNLIMITED}
     * @param options a name, say; applied at each (re)start
     * @throws IllegalArgumentException if the flags or {@code maxChildren} break those rules
     */
    public static ChildSpec childSpec(String id, SupervisorFlags flags, int maxChildren, StartOptions options) {
        Objects.requireNonNull(id, "id");
        check(flags, maxChildren, options);
        return new ChildSpec(
                id,
                parent ->
                        StartResult.ok(SupervisorServer.startDynamic(parent.node(), parent, flags, maxChildren, options)
                                .pid()),
                Restart.PERMANENT,
                Shutdown.infinity(),
                ChildType.SUPERVISOR,
                false);
    }

    private static void check(SupervisorFlags flags, int maxChildren, StartOptions options) {
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(options, "options");
        if (flags.strategy() != Strategy.ONE_FOR_ONE) {
            throw new IllegalArgumentException(
                    "a dynamic supervisor's strategy is one_for_one, was " + flags.strategy());
        }
        if (flags.autoShutdown() != AutoShutdown.NEVER) {
            throw new IllegalArgumentException(
                    "a dynamic supervisor has no significant children; its auto-shutdown must be never, was "
                            + flags.autoShutdown());
        }
        if (maxChildren < 1) {
            throw new IllegalArgumentException("maxChildren must be at least 1, was " + maxChildren);
        }
    }

    /**
     * {@return a handle on the dynamic supervisor with this pid, if it is a live supervisor}
     *
     * @param pid a process of this JVM
     */
    public static java.util.Optional<DynamicSupervisor> of(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        return GenServerRef.of(pid, SupervisorServer.TYPE).map(DynamicSupervisor::new);
    }

    /**
     * {@return a handle on the dynamic supervisor registered as {@code name} on {@code node}, if it is one}
     *
     * @param node the node whose registered names to look in
     * @param name the supervisor's registered name
     */
    public static java.util.Optional<DynamicSupervisor> whereis(Node node, String name) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(name, "name");
        return GenServerRef.whereis(node, name, SupervisorServer.TYPE).map(DynamicSupervisor::new);
    }

    /** {@return the supervisor's pid} */
    public Pid pid() {
        return server.pid();
    }

    /** {@return whether the supervisor is alive} */
    public boolean isAlive() {
        return server.isAlive();
    }

    /**
     * Starts a child (Elixir's {@code start_child/2}).
     *
     * @param spec the child; its id need not be unique, and it must not be significant
     * @return its pid, or ignore
     * @throws SupervisorException {@code MAX_CHILDREN} when the supervisor is full; {@code START_FAILED} with the
     *     reason if the start failed
     * @throws IllegalArgumentException if the spec is significant
     */
    public StartResult startChild(ChildSpec spec) {
        Objects.requireNonNull(spec, "spec");
        if (spec.significant()) {
            throw new IllegalArgumentException(
                    "child " + spec.id() + ": a dynamic supervisor's child cannot be significant");
        }
        return Supervisor.answer(server, new SupervisorServer.StartChild(spec), StartResult.class);
    }

    /**
     * Stops a child as its spec's shutdown says and forgets it (Elixir's {@code terminate_child/2}).
     *
     * @param pid the child's pid
     * @throws SupervisorException {@code NOT_FOUND} if {@code pid} is not a child
     */
    public void terminateChild(Pid pid) {
        Objects.requireNonNull(pid, "pid");
        Supervisor.answer(server, new SupervisorServer.TerminatePid(pid), Boolean.class);
    }

    /** {@return the children, oldest first} */
    public List<ChildInfo> whichChildren() {
        return server.callWithoutTimeout(new SupervisorServer.Which());
    }

    /** {@return how many children there are} */
    public ChildCounts countChildren() {
        return server.callWithoutTimeout(new SupervisorServer.Count());
    }

    /** Stops the supervisor and all its children, waiting as long as that takes. */
    public void stop() {
        stop(ExitReason.normal(), Duration.ofSeconds(Long.MAX_VALUE));
    }

    /**
     * Stops the supervisor and its children with {@code reason}, waiting up to {@code timeout}.
     *
     * @param reason the supervisor's exit reason, which its links and monitors see
     * @param timeout how long to wait for it and its children to be gone
     * @throws io.otp4j.genserver.ServerExitedException if it was not alive
     * @throws io.otp4j.genserver.CallTimeoutException if it was not gone within {@code timeout}
     */
    public void stop(ExitReason reason, Duration timeout) {
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(timeout, "timeout");
        server.stop(reason, timeout);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DynamicSupervisor that && server.equals(that.server);
    }

    @Override
    public int hashCode() {
        return server.hashCode();
    }

    @Override
    public String toString() {
        return "DynamicSupervisor[" + server.pid() + "]";
    }
}
