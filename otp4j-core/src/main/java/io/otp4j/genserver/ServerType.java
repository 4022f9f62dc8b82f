package io.otp4j.genserver;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * The type of a server, declared once by the code that knows it, usually its client facade: the server's class,
 * and through it the calls and casts the server takes. Lookups take it ({@link GenServerRef#of(io.otp4j.process.Pid,
 * ServerType)}, {@link GenServerRef#whereis(io.otp4j.process.Node, String, ServerType)}, {@link
 * GenServerRef#named}, {@link GenServerRef#via}) and check at run time that the process they find runs a server of
 * that class: a reference they return has the request types its server really takes, and a process that runs
 * another server, or none, is not found.
 *
 * In the client facade of the package's example, {@code Counter}, whose private {@code Server} implements {@code
 * GenServer<Integer, Request<?>, Message>} ({@code C} and {@code K} are inferred from it):
 *
 * {@snippet class="io.otp4j.genserver.Counter" region="lookups"}
 *
 * <p>The check is on the server's class, which also admits its subclasses: a subclass implements {@link
 * GenServer} with the same type arguments. A generic server class is the exception, as the JVM erases its type
 * arguments: a type made from its raw class cannot tell a {@code Server<String>} from a {@code Server<Integer>}.
 *
 * @param <C> the server's calls
 * @param <K> the server's casts
 */
public final class ServerType<C extends Call<?>, K> {

    private final Class<?> server;

    private ServerType(Class<?> server) {
        this.server = server;
    }

    /**
     * {@return the type of the servers of class {@code server} (or of a subclass), with their request types}
     *
     * @param <C> the server's calls, inferred from the class
     * @param <K> the server's casts, inferred from the class
     * @param server the server's class, usually the facade's private server class
     */
    public static <C extends Call<?>, K> ServerType<C, K> of(Class<? extends GenServer<?, C, K>> server) {
        return new ServerType<>(Objects.requireNonNull(server, "server"));
    }

    /** {@return the server class} */
    public Class<?> serverClass() {
        return server;
    }

    /** {@return whether {@code core} runs a server of this type} */
    boolean isTypeOf(ServerCore core) {
        return server.isAssignableFrom(core.serverClass());
    }

    /** Types are equal when they name the same server class. */
    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof ServerType<?, ?> that && server == that.server;
    }

    @Override
    public int hashCode() {
        return server.hashCode();
    }

    @Override
    public String toString() {
        return "ServerType[" + server.getName() + "]";
    }
}
