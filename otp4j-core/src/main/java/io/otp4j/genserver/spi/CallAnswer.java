package io.otp4j.genserver.spi;

import io.otp4j.process.ExitReason;

/**
 * Where the answer to a call that crossed nodes goes: on the serving node, back over the wire; on the calling
 * node, to the waiting caller. Exactly one method is called, once.
 */
public interface CallAnswer {

    /**
     * The server replied {@code value}.
     *
     * @param value the reply; not null
     */
    void replied(Object value);

    /**
     * The server exited before replying, or was gone already ({@code noproc}), or its node was lost.
     *
     * @param reason the server's exit reason, {@code noproc}, or {@code noconnection} for a lost node
     */
    void exited(ExitReason reason);

    /**
     * The call never reached a server: {@code detail} says why, for the caller's exception.
     *
     * @param refusal the kind of refusal
     * @param detail a message for people, naming what was refused and why
     */
    void refused(Refusal refusal, String detail);
}
