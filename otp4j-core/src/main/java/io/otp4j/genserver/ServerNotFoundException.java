package io.otp4j.genserver;

import io.otp4j.process.OtpException;

/**
 * A request through a {@linkplain GenServerRef#via(ViaName) reference by name} found no live server holding the
 * name (Erlang's call exits with {@code noproc}). Thrown at once.
 */
public final class ServerNotFoundException extends OtpException {

    private final transient ViaName name;

    ServerNotFoundException(ViaName name) {
        super("no live server is registered under " + name);
        this.name = name;
    }

    /** {@return the name that no live server holds} */
    public ViaName name() {
        return name;
    }
}
