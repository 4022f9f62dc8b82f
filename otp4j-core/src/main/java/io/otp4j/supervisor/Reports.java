package io.otp4j.supervisor;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.jspecify.annotations.Nullable;

/**
 * The supervisor's reports (OTP's supervisor reports): one structured entry through {@code System.Logger} for a
 * child's abnormal exit, a start error, a shutdown error, and the intensity given up on.
 */
final class Reports {

    static final System.Logger LOG = System.getLogger("io.otp4j.supervisor");

    private Reports() {}

    /** The context of a report: what happened to the child. */
    enum Context {
        CHILD_TERMINATED("child terminated"),
        START_ERROR("start error"),
        SHUTDOWN_ERROR("shutdown error");

        final String text;

        Context(String text) {
            this.text = text;
        }
    }

    static void child(String supervisor, Context context, ChildSpec spec, @Nullable Pid pid, ExitReason reason) {
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "supervisor " + supervisor + " reports " + context.text
                        + "\n  supervisor: " + supervisor
                        + "\n  child: " + spec
                        + (pid != null ? "\n  pid: " + pid : "")
                        + "\n  reason: " + reason
                        + trace(reason));
    }

    static void gaveUp(String supervisor, ChildSpec spec, SupervisorFlags flags) {
        LOG.log(
                System.Logger.Level.ERROR,
                () -> "supervisor " + supervisor
                        + " reached its maximum restart intensity and shuts down"
                        + "\n  supervisor: " + supervisor
                        + "\n  child: " + spec
                        + "\n  intensity: " + flags.intensity() + " restarts within " + flags.period());
    }

    private static String trace(ExitReason reason) {
        if (!(reason instanceof ExitReason.Crash crash)) {
            return "";
        }
        StringWriter trace = new StringWriter();
        crash.cause().printStackTrace(new PrintWriter(trace));
        return "\n" + trace;
    }
}
