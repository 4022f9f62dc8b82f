package io.otp4j.testkit;

import io.otp4j.process.Pid;
import org.jspecify.annotations.Nullable;

/**
 * What a {@link TestProbe} throws when an expectation fails: what was expected, what arrived (or that nothing
 * did), within what time, and which probe. An {@link AssertionError}, so test frameworks report it as a
 * failure, not an error.
 */
public final class ProbeAssertionError extends AssertionError {

    private static final long serialVersionUID = 1L;

    /** The probe whose expectation failed. */
    @SuppressWarnings("serial") // a pid is a value; this error is not meant to be serialized
    private final Pid probe;

    ProbeAssertionError(Pid probe, String message) {
        this(probe, message, null);
    }

    ProbeAssertionError(Pid probe, String message, @Nullable Throwable cause) {
        super("probe " + probe + ": " + message, cause);
        this.probe = probe;
    }

    /** {@return the probe whose expectation failed} */
    public Pid probe() {
        return probe;
    }
}
