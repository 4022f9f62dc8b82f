package io.otp4j.process;

import java.util.Objects;

/**
 * The message a process that traps exits receives for an exit signal: Erlang's
 * {@code {'EXIT', From, Reason}}.
 *
 * @param from the process the signal came from (the linked process that exited, or the sender of
 *     {@code exit(pid, reason)})
 * @param reason the signal's reason
 */
public record Exit(Pid from, ExitReason reason) {
    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public Exit {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(reason, "reason");
    }
}
