package io.otp4j.observe.spi;

import io.otp4j.observe.Sending;
import io.otp4j.process.Pid;

/**
 * A message that says how it is sent: what a generic server's call and cast put in the mailbox implement, so that
 * a carrier's {@link io.otp4j.observe.ContextCarrier#capture(Sending)} can tell a call from a cast or a send.
 */
public interface Outgoing {

    /**
     * {@return this message as a {@link Sending} to {@code target}} Called only while a carrier is installed.
     *
     * @param target the process the message is sent to
     */
    Sending sending(Pid target);
}
