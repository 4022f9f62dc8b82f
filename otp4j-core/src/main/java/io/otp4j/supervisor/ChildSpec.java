package io.otp4j.supervisor;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ProcessContext;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a supervisor needs to know about a child (Erlang's child spec map). Immutable; each {@code with…}
 * returns a copy.
 *
 * {@snippet class="io.otp4j.supervisor.SupervisorSnippetsTest" region="child-specs"}
 *
 * @param id the child's id, unique within its supervisor; not blank
 * @param start how to start it, linked to the supervisor; called again for each restart
 * @param restart when to restart it (default {@link Restart#PERMANENT})
 * @param shutdown how to stop it (default 5 seconds for a worker, {@link Shutdown#infinity()} for a supervisor)
 * @param type worker or supervisor
 * @param significant whether its own exit counts towards the supervisor's {@link AutoShutdown}; only a transient
 *     or temporary child may be significant
 */
public record ChildSpec(
        String id, ChildStart start, Restart restart, Shutdown shutdown, ChildType type, boolean significant) {

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public ChildSpec {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a child's id must not be blank, was \"" + id + "\"");
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(restart, "restart");
        Objects.requireNonNull(shutdown, "shutdown");
        Objects.requireNonNull(type, "type");
        if (significant && restart == Restart.PERMANENT) {
            throw new IllegalArgumentException(
                    "child " + id + ": a significant child must be transient or temporary, not permanent");
        }
    }

    /**
     * {@return a permanent worker started by {@code start}, with a 5 second shutdown}
     *
     * @param id the child's id, unique within its supervisor; not blank
     * @param start starts the child linked to the supervisor; called again for each restart
     */
    public static ChildSpec of(String id, ChildStart start) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(start, "start");
        return new ChildSpec(id, start, Restart.PERMANENT, Shutdown.DEFAULT_WORKER, ChildType.WORKER, false);
    }

    /**
     * {@return a permanent worker that is a GenServer} Each start (and restart) makes a fresh server from {@code
     * server} and starts it with {@link GenServer#startLink}; an {@code init} that asks to be ignored makes the
     * child ignored, one that fails makes a start error.
     *
     * @param id the child's id, unique within its supervisor; not blank
     * @param server makes a new server for each start; must not return null or an instance already running
     */
    public static ChildSpec worker(String id, Supplier<? extends GenServer<?, ?, ?>> server) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        return worker(id, server, StartOptions.defaults());
    }

    /**
     * {@return a permanent GenServer worker started with {@code options} (a name, say)}
     *
     * @param id the child's id, unique within its supervisor; not blank
     * @param server makes a new server for each start; must not return null or an instance already running
     * @param options the server's name, init timeout, mailbox; the same at each restart
     */
    public static ChildSpec worker(String id, Supplier<? extends GenServer<?, ?, ?>> server, StartOptions options) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(options, "options");
        return of(id, supervisor -> StartResult.ok(startLink(supervisor, server.get(), options)));
    }

    private static <S, C extends Call<?>, K> io.otp4j.process.Pid startLink(
            ProcessContext supervisor, GenServer<S, C, K> server, StartOptions options) {
        return GenServer.startLink(supervisor, Objects.requireNonNull(server, "the server supplier's result"), options)
                .pid();
    }

    /**
     * {@return a permanent child that is itself a supervisor of {@code children}} Its shutdown is {@link
     * Shutdown#infinity()}: it needs the time to stop its own children.
     *
     * @param id the child's id, unique within its supervisor; not blank
     * @param flags the child supervisor's strategy, intensity, back-off and auto-shutdown
     * @param children the child supervisor's children, in start order; ids unique
     * @throws IllegalArgumentException if two children share an id, or a child is significant while the flags'
     *     auto-shutdown is never
     */
    public static ChildSpec supervisor(String id, SupervisorFlags flags, List<ChildSpec> children) {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(flags, "flags");
        Objects.requireNonNull(children, "children");
        return supervisor(id, flags, children, StartOptions.defaults());
    }

    /**
     * {@return a permanent child supervisor, started with {@code options} (a name, say)}
     *
     * @param id the child's id, unique within its supervisor; not blank
     * @param flags the child supervisor's strategy, intensity, back-off and auto-shutdown
     * @param children the child supervisor's children, in start order; ids unique
     * @param options the child supervisor's registered name, if any; the same at each restart
     * @throws IllegalArgumentException if two children share an id, or a child is significant while the flags'
     *     auto-shutdown is never
     */
    public static ChildSpec supervisor(
            String id, SupervisorFlags flags, List<ChildSpec> children, StartOptions options) {
        Objects.requireNonNull(id, "id");
        List<ChildSpec> specs = Supervisor.checkSpecs(flags, children);
        Objects.requireNonNull(options, "options");
        return new ChildSpec(
                id,
                parent -> StartResult.ok(SupervisorServer.start(parent.node(), parent, flags, specs, options, false)
                        .pid()),
                Restart.PERMANENT,
                Shutdown.infinity(),
                ChildType.SUPERVISOR,
                false);
    }

    /**
     * {@return a copy with another restart type}
     *
     * @param restart when to restart the child; a significant child cannot be permanent
     */
    public ChildSpec withRestart(Restart restart) {
        Objects.requireNonNull(restart, "restart");
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * {@return a copy with another shutdown}
     *
     * @param shutdown how to stop the child: a time to wait after asking, infinity, or a kill at once
     */
    public ChildSpec withShutdown(Shutdown shutdown) {
        Objects.requireNonNull(shutdown, "shutdown");
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * {@return a copy of another type; the shutdown is unchanged}
     *
     * @param type worker or supervisor, as {@link Supervisor#whichChildren} and {@link Supervisor#countChildren}
     *     report it
     */
    public ChildSpec withType(ChildType type) {
        Objects.requireNonNull(type, "type");
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * {@return a copy that is significant for {@link AutoShutdown}, or not}
     *
     * @param significant true to let the child's exit shut its supervisor down; only for a transient or
     *     temporary child
     */
    public ChildSpec withSignificant(boolean significant) {
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    /**
     * {@return a copy with another id}
     *
     * @param id the child's id, unique within its supervisor; not blank
     */
    public ChildSpec withId(String id) {
        Objects.requireNonNull(id, "id");
        return new ChildSpec(id, start, restart, shutdown, type, significant);
    }

    @Override
    public String toString() {
        return "ChildSpec[id=" + id + ", restart=" + restart.name().toLowerCase(java.util.Locale.ROOT) + ", shutdown="
                + shutdown + ", type=" + type.name().toLowerCase(java.util.Locale.ROOT) + ", significant="
                + significant + "]";
    }
}
