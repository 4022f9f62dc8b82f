package io.otp4j.process;

/**
 * Unwinds a hibernating process's stack down to its thread's entry point (see {@link
 * ProcessContext#hibernate(ProcessBody)}). One shared instance without a stack trace: throwing it allocates
 * nothing.
 */
final class Hibernation extends Error {

    private static final long serialVersionUID = 1L;

    static final Hibernation INSTANCE = new Hibernation();

    private Hibernation() {
        super("a hibernating process unwinds its stack; process code must not catch this", null, false, false);
    }
}
