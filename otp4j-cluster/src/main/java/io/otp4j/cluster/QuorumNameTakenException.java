package io.otp4j.cluster;

import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;

/** A key of a {@link QuorumNames} map could not be registered: a process holds it (maybe the caller itself). */
public final class QuorumNameTakenException extends OtpException {

    private static final long serialVersionUID = 1L;

    private final transient Object key;
    /** The process that holds the key. */
    private final Pid holder;

    QuorumNameTakenException(String map, Object key, Pid holder) {
        super("the key " + key + " of the quorum map \"" + map + "\" is already registered to " + holder);
        this.key = key;
        this.holder = holder;
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
