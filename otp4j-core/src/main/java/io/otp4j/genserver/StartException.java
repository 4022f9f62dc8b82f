package io.otp4j.genserver;

import io.otp4j.process.ExitReason;
import io.otp4j.process.OtpException;
import io.otp4j.process.Pid;
import java.time.Duration;
import java.util.Optional;

/**
 * A server did not start: its {@code init} failed, asked to stop, asked to be ignored, or did not finish in
 * time. No half-started server is left behind: the server's process has exited, or been killed.
 */
public final class StartException extends OtpException {

    private final transient Optional<ExitReason> reason;
    private final transient Optional<Pid> holder;

    private StartException(String message, Optional<ExitReason> reason) {
        this(message, reason, Optional.empty());
    }

    private StartException(String message, Optional<ExitReason> reason, Optional<Pid> holder) {
        super(message);
        this.reason = reason;
        this.holder = holder;
        reason.ifPresent(r -> {
            if (r instanceof ExitReason.Crash crash) {
                initCause(crash.cause());
            }
        });
    }

    static StartException failed(String server, ExitReason reason) {
        return new StartException("could not start " + server + ": init ended with " + reason, Optional.of(reason));
    }

    /** The server's via name was taken: OTP's {@code {error, {already_started, Pid}}}. */
    static StartException alreadyStarted(String server, ViaName name, Pid holder) {
        return new StartException(
                "could not start " + server + ": the name " + name + " is already registered to " + holder,
                Optional.of(ExitReason.normal()),
                Optional.of(holder));
    }

    static StartException ignored(String server) {
        return new StartException("could not start " + server + ": init asked to be ignored", Optional.empty());
    }

    static StartException timedOut(String server, Duration timeout) {
        return new StartException(
                "could not start " + server + ": init did not finish within " + timeout + "; the server was killed",
                Optional.of(ExitReason.custom("timeout")));
    }

    static StartException interrupted(String server) {
        return new StartException(
                "could not start " + server + ": the starter was interrupted while waiting for init; the server was"
                        + " killed",
                Optional.of(ExitReason.killed()));
    }

    /** {@return the reason init failed with; empty when init asked to be ignored} */
    public Optional<ExitReason> reason() {
        return reason;
    }

    /**
     * {@return the process that already held the server's via name, when that is why the start failed} (OTP's
     * {@code {error, {already_started, Pid}}}); the server's process then exited normally without running
     * {@code init}
     */
    public Optional<Pid> holder() {
        return holder;
    }

    /** {@return whether init asked to be ignored} */
    public boolean ignored() {
        return reason.isEmpty();
    }
}
