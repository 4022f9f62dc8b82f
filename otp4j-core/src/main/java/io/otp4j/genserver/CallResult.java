package io.otp4j.genserver;

/**
 * What {@link GenServer#handleCall} returns: {@link Results#reply}, {@link Results#noReply} (the reply comes
 * later through {@link From}), {@link Results#stop} or {@link Results#stopReply}. Only a call can be replied
 * to, so only this type has the replying shapes.
 *
 * @param <S> the server's state
 */
public sealed interface CallResult<S> permits Reply, NoReply, Stop, StopReply {

    /** {@return the state the server goes on with, or ends with} */
    S state();
}
