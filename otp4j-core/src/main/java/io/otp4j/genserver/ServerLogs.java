package io.otp4j.genserver;

import java.io.PrintWriter;
import java.io.StringWriter;

/**
 * What a generic server logs: its crash report (OTP's {@code gen_server} terminating report), a callback that
 * failed while it started or stopped, and the unexpected messages a server without {@code handleInfo} drops, at
 * most {@value #UNEXPECTED_LOG_LIMIT} a minute so that a flood of them does not flood the log too.
 */
final class ServerLogs {

    private static final System.Logger LOG = System.getLogger("io.otp4j.genserver");

    /** Unexpected messages logged per server per minute, at most; the rest are counted. */
    private static final int UNEXPECTED_LOG_LIMIT = 10;

    private static final long MINUTE = 60_000_000_000L;

    private ServerLogs() {}

    /** Logs that {@code server}'s {@code what} failed with {@code t}. */
    static void failed(ServerCore server, String what, Throwable t) {
        LOG.log(System.Logger.Level.ERROR, () -> server + " failed in " + what + ": " + t, t);
    }

    /** Logs the crash report of {@code server}, which crashed with {@code t} handling {@code message}. */
    static void crash(ServerCore server, Object message, Throwable t, String status) {
        From call = message instanceof From f ? f : null;
        Object shown = call != null ? call.request : message instanceof CastEnvelope c ? c.request() : message;
        LOG.log(System.Logger.Level.ERROR, () -> {
            StringWriter trace = new StringWriter();
            t.printStackTrace(new PrintWriter(trace));
            String name = server.registeredName();
            return "generic server " + server + " terminating"
                    + "\n  pid: " + server.pid()
                    + (name != null ? "\n  name: " + name : "")
                    + "\n  last message: " + shown
                    + (call != null ? "\n  caller: " + call.caller() : "")
                    + "\n  state: " + status
                    + "\n  reason: " + t
                    + "\n" + trace;
        });
    }

    /** Counts, and logs unless too many were logged this minute, a message {@code server} drops. */
    static void unexpected(ServerCore server, Object message) {
        ServerCore.Rare r = server.rare();
        r.unexpectedInfos++;
        long now = System.nanoTime();
        if (r.unexpectedInfos == 1 || now - r.unexpectedWindowStart > MINUTE) {
            if (r.unexpectedSuppressed > 0) {
                long suppressed = r.unexpectedSuppressed;
                LOG.log(
                        System.Logger.Level.WARNING,
                        () -> server + " dropped " + suppressed + " more unexpected messages without logging them");
            }
            r.unexpectedWindowStart = now;
            r.unexpectedLogged = 0;
            r.unexpectedSuppressed = 0;
        }
        if (r.unexpectedLogged < UNEXPECTED_LOG_LIMIT) {
            r.unexpectedLogged++;
            LOG.log(
                    System.Logger.Level.WARNING,
                    () -> server + " received an unexpected message and dropped it (it does not implement handleInfo): "
                            + message);
        } else {
            r.unexpectedSuppressed++;
        }
    }
}
