package io.otp4j.genserver;

/**
 * What {@link GenServer#handleCast}, {@link GenServer#handleInfo} and {@link GenServer#handleContinue}
 * return: {@link Results#noReply} or {@link Results#stop}. They cannot reply: there is no caller.
 *
 * @param <S> the server's state
 */
public sealed interface Result<S> permits NoReply, Stop {

    /** {@return the state the server goes on with, or ends with} */
    S state();
}
