package io.otp4j.genserver.spi;

/** Why a call from another node reached no server's handler. */
public enum Refusal {
    /** No live process holds the name, or the pid is not a server. */
    NOT_FOUND,
    /** The process is a server of another type than the caller's reference names. */
    WRONG_TYPE,
    /**
     * The server's bounded mailbox dropped or refused the request (a call from another node cannot wait for
     * room: its policy's block is a refusal).
     */
    DROPPED
}
