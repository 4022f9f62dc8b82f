package io.otp4j.process;

/**
 * Unwinds a process that is exiting: thrown by {@code exit(reason)} and by any receive or blocking call of
 * a process that an exit signal has reached. Code that must catch {@code Throwable} (a runtime built on
 * processes, say) recognises it by this type and lets it go on. An {@link Error}, so {@code catch (Exception)} in user code
 * does not swallow it; it carries no stack trace, so it costs no more than a return.
 *
 * <p>The reasons that name no detail ({@code normal}, a plain {@code shutdown}, {@code killed}, {@code noproc} and
 * {@code noconnection}) each have one signal, made once and thrown by every process that exits with it. A signal holds
 * nothing a catcher could change (no stack trace, no cause, no suppressed exceptions), so sharing it is safe, and it
 * spares each exit a new {@code Error}: a Flight Recorder recording with the JDK's default settings records every
 * {@code Error} made ({@code jdk.JavaErrorThrow}, with a stack trace), which a tree of a hundred thousand servers
 * shutting down would otherwise fill.
 *
 * <p>A process that catches it anyway still exits with the signal's reason when its body returns, and its
 * next receive throws it again.
 */
public final class ExitSignal extends Error {

    private static final long serialVersionUID = 1L;

    /** The reason the process is exiting with. */
    @SuppressWarnings("serial") // never serialized: it only unwinds one process's stack
    private final ExitReason reason;

    private static final ExitSignal NORMAL = new ExitSignal(ExitReason.normal());
    private static final ExitSignal SHUTDOWN = new ExitSignal(ExitReason.shutdown());
    private static final ExitSignal KILLED = new ExitSignal(ExitReason.killed());
    private static final ExitSignal NOPROC = new ExitSignal(ExitReason.noproc());
    private static final ExitSignal NOCONNECTION = new ExitSignal(ExitReason.noconnection());

    private ExitSignal(ExitReason reason) {
        super(null, null, false, false);
        this.reason = reason;
    }

    /** {@return the signal that unwinds a process exiting with {@code reason}: the shared one where it has one} */
    static ExitSignal of(ExitReason reason) {
        return switch (reason) {
            case ExitReason.Normal n -> NORMAL;
            case ExitReason.Shutdown s when s.detail().isEmpty() -> SHUTDOWN;
            case ExitReason.Killed k -> KILLED;
            case ExitReason.NoProc n -> NOPROC;
            case ExitReason.NoConnection n -> NOCONNECTION;
            default -> new ExitSignal(reason);
        };
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
