package io.otp4j.registry;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/**
 * A key of a registry with {@linkplain Keys#UNIQUE unique keys} could not be registered because a live process
 * holds it (Elixir's {@code {:error, {:already_registered, pid}}}). The holder may be the caller itself.
 */
public final class AlreadyRegisteredException extends OtpException {

    /** The registry's name. */
    private final String registry;

    private final transient Object key;

    /** The process that holds the key. */
    private final Pid holder;

    AlreadyRegisteredException(String registry, Object key, Pid holder) {
        super("the key " + key + " of registry \"" + registry + "\" is already registered to " + holder);
        this.registry = registry;
        this.key = key;
        this.holder = holder;
    }

    /** {@return the registry's name} */
    public String registry() {
        return registry;
    }

    /** {@return the key} */
    public Object key() {
        return key;
    }

    /** {@return the process that holds the key} */
    public Pid holder() {
        return holder;
    }
}
