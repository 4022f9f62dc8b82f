package io.otp4j.genserver;

import io.otp4j.process.Pid;
import java.util.Objects;

/**
 * One step of a traced server, as {@link Sys#trace} reports it (Erlang's {@code sys:trace/2}).
 *
 * @param server the server
 * @param kind what happened
 * @param message the request or message it concerns
 * @param detail the reply, the new state's summary or the stop reason, as text
 */
public record TraceEvent(Pid server, Kind kind, Object message, String detail) {

    /** What happened. */
    public enum Kind {
        /** A call arrived. */
        CALL,
        /** A cast arrived. */
        CAST,
        /** Another message arrived. */
        INFO,
        /** A continue ran. */
        CONTINUE,
        /** The server replied. */
        REPLY,
        /** The server skipped a call whose caller had given up. */
        SKIPPED,
        /** The server stopped. */
        STOP
    }

    /** Checks that no component is null; a null one throws {@link NullPointerException} naming it. */
    public TraceEvent {
        Objects.requireNonNull(server, "server");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
    }
}
