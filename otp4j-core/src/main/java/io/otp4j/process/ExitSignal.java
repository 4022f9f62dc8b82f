package io.otp4j.process;

/**
 * Unwinds a process that is exiting: thrown by {@code exit(reason)} and by any receive or blocking call of
 * a process that an exit signal has reached. Code that must catch {@code Throwable} (a runtime built on
 * processes, say) recognises it by this type and lets it go on. An {@link Error}, so {@code catch (Exception)} in user code
 * does not swallow it; it carries no stack trace, so it costs no more than a return.
 *
 * <p>A process that catches it anyway still exits with the signal's reason when its body returns, and its
 * next receive throws it again.
 */
public final class ExitSignal extends Error {

    private static final long serialVersionUID = 1L;

    /** The reason the process is exiting with. */
    @SuppressWarnings("serial") // never serialized: it only unwinds one process's stack
    private final ExitReason reason;

    ExitSignal(ExitReason reason) {
        super(null, null, false, false);
        this.reason = reason;
    }

    /**
     * {@return "process exiting: " and the reason} Made when asked, not when thrown: every process that an exit
     * signal stops throws one, and almost none is ever printed.
     */
    @Override
    public String getMessage() {
        return "process exiting: " + reason;
    }

    /** {@return the reason the process is exiting with} */
    public ExitReason reason() {
        return reason;
    }
}
