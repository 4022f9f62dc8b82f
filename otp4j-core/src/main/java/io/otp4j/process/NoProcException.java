package io.otp4j.process;

/** The process asked for does not exist (Erlang's {@code noproc}). */
public final class NoProcException extends OtpException {

    /** The process that was not alive. */
    private final Pid pid;

    NoProcException(Pid pid, String doing) {
        super("no process " + pid + ": cannot " + doing + " a process that is not alive");
        this.pid = pid;
    }

    /** {@return the process that was not alive} */
    public Pid pid() {
        return pid;
    }
}
