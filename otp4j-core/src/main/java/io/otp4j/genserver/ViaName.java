package io.otp4j.genserver;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import java.util.Optional;

/**
 * A server name kept by a name service other than the node's own names: Erlang's {@code {via, Module, Name}}.
 * A registry implements it (in otp4j, {@code io.otp4j.registry.Registry#via}); the generic server only asks it
 * to register a starting server and to say who holds the name. (A {@linkplain GenServerRef#named reference that
 * follows a node's own name} uses one of its own, which {@link ServerNotFoundException#name()} may show.)
 *
 * <pre>
 *  GenServer.start(node, server, StartOptions.defaults().withName(via))
 *      server's process:  via.register(self) ─ empty ─▶ init ─▶ loop
 *                                            └ holder ─▶ exits normally; start throws StartException(holder)
 *  GenServerRef.via(via, type).call(request)
 *      caller:            via.whereis() ─▶ pid ─▶ call that server (looked up again at the next request)
 * </pre>
 *
 * <p>Implementations remove the name by themselves when its process exits, however it exits.
 *
 * <p>A name service that spans a cluster may name processes of other nodes: it says from which node they are
 * reached ({@link #node()}), and a reference by such a name sends each request to the holder's node through that
 * node's cluster, as {@link GenServerRef#of(Node, Pid, ServerType)} does.
 */
public interface ViaName {

    /**
     * Registers the calling process under this name (Erlang's {@code Module:register_name/2}). Called on the
     * starting server's own process, before its {@code init}.
     *
     * @param self the calling process
     * @return empty if the name is now the caller's; otherwise the process that holds it, and nothing changed
     */
    Optional<Pid> register(ProcessContext self);

    /** {@return the live process registered under this name, if any (Erlang's {@code Module:whereis_name/1})} */
    Optional<Pid> whereis();

    /**
     * {@return the node from which a holder on another node is reached, for a name service that spans a cluster}
     * Empty (the default) for a name service of this JVM's processes: a holder of another node is then not a
     * server a reference can reach, and a request fails with {@link ServerNotFoundException}.
     */
    default Optional<Node> node() {
        return Optional.empty();
    }
}
