package io.otp4j.testkit;

import org.jspecify.annotations.Nullable;

/** Rethrows what a process's action threw, on the test thread that waited for it. */
final class Unchecked {

    private Unchecked() {}

    /**
     * Throws {@code cause} as it is if it is unchecked (a runtime exception, an assertion error, an exit signal);
     * returns otherwise, for the caller to wrap it.
     */
    static void rethrow(@Nullable Throwable cause) {
        if (cause instanceof RuntimeException r) {
            throw r;
        }
        if (cause instanceof Error e) {
            throw e;
        }
    }
}
