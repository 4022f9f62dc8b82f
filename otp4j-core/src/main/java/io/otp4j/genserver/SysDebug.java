package io.otp4j.genserver;

import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * A server's debug options, as OTP's {@code sys} keeps them: statistics (how many messages of each kind it
 * handled) and a tracer, both in the server's rare part, so a server nobody debugs pays one read of it per
 * message. {@link Sys}'s requests turn them on and off and read the statistics.
 *
 * <p>Static methods on a final class, so that the loop's per-message counting and tracing inline as before.
 */
final class SysDebug {

    /** The kinds of message counted, as indices into the counts. */
    static final int CALLS = 0;

    static final int CASTS = 1;
    static final int INFOS = 2;
    static final int CONTINUES = 3;

    private SysDebug() {}

    /** Counts a handled message of one kind while statistics are on. */
    static void count(ServerCore core, int kind) {
        ServerCore.Rare r = core.rareOrNull();
        long[] counts = r == null ? null : r.counts;
        if (counts != null) {
            counts[kind]++;
        }
    }

    /** Gives the tracer, if someone traces the server, an event. */
    static void trace(ServerCore core, TraceEvent.Kind kind, Object message, String detail) {
        Consumer<TraceEvent> tracer = core.tracer();
        if (tracer != null) {
            tracer.accept(new TraceEvent(core.pid(), kind, message, detail));
        }
    }

    /** {@return the server's statistics: all zero unless they are on} */
    static Statistics statistics(ServerCore core) {
        ServerCore.Rare r = core.rareOrNull();
        long[] counts = r == null || r.counts == null ? new long[4] : r.counts;
        return new Statistics(
                r != null && r.counts != null,
                counts[CALLS],
                counts[CASTS],
                counts[INFOS],
                counts[CONTINUES],
                r == null ? 0 : r.skippedCalls,
                r == null ? 0 : r.unexpectedInfos);
    }

    /** Turns statistics on, starting over from zero as {@code sys:statistics(S, true)}, or off. */
    static void collectStatistics(ServerCore core, boolean on) {
        if (on) {
            core.rare().counts = new long[4];
        } else {
            ServerCore.Rare r = core.rareOrNull();
            if (r != null) {
                r.counts = null;
            }
        }
    }

    /** Sets the tracer, or clears it if {@code tracer} is null. */
    static void trace(ServerCore core, @Nullable Consumer<TraceEvent> tracer) {
        if (tracer != null) {
            core.rare().tracer = tracer;
        } else {
            ServerCore.Rare r = core.rareOrNull();
            if (r != null) {
                r.tracer = null;
            }
        }
    }
}
