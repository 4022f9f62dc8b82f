package io.otp4j.genserver;

import org.jspecify.annotations.Nullable;

/** A debugging request (Erlang's system messages): handled by the server even while it is suspended. */
record SysRequest(Kind kind, @Nullable Object argument) {

    enum Kind {
        GET_STATE,
        REPLACE_STATE,
        REPLACE_SERVER_STATE,
        SUSPEND,
        RESUME,
        STATISTICS,
        COLLECT_STATISTICS,
        TRACE,
        STOP
    }
}
