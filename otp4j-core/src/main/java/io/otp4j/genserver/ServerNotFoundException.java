package io.otp4j.genserver;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/**
 * A request through a reference by name ({@link GenServerRef#named}, {@link GenServerRef#via(ViaName,
 * ServerType)}) found no live server of the reference's type holding the name (Erlang's call exits with {@code
 * noproc}): nobody held it, or a process that runs something else did. Thrown at once; nothing was sent, so the
 * request is safe to retry.
 */
public final class ServerNotFoundException extends OtpException {

    private final transient ViaName name;

    ServerNotFoundException(ViaName name) {
        super("no live server is registered under " + name);
        this.name = name;
    }

    ServerNotFoundException(ViaName name, Pid holder, ServerType<?, ?> type) {
        super("the process " + holder + " registered under " + name + " is not a live "
                + type.serverClass().getName());
        this.name = name;
    }

    /** {@return the name that no live server holds; for a name registered on a node, one that stands for it} */
    public ViaName name() {
        return name;
    }
}
