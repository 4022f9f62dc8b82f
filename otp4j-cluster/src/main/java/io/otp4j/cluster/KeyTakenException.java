package io.otp4j.cluster;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/**
 * A unique key of a {@link ClusterRegistry} could not be registered: a process of some node holds it, as this
 * node's view of the registry shows. The holder may be the caller itself.
 */
public final class KeyTakenException extends OtpException {

    /** The name of the registry. */
    private final String registry;

    private final transient Object key;
    /** The process that holds the key. */
    private final Pid holder;

    KeyTakenException(String registry, Object key, Pid holder) {
        super("the key " + key + " of cluster registry \"" + registry + "\" is already registered to " + holder
                + " on node " + holder.node());
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
