package io.otp4j.supervisor;

/**
 * Whether a supervisor shuts itself down when its {@linkplain ChildSpec#significant() significant} children
 * exit (Erlang's {@code auto_shutdown} flag, OTP 24). Only an exit of the child itself counts, not one the
 * supervisor caused ({@link Supervisor#terminateChild}, a restart of its siblings). The supervisor then shuts
 * its other children down and exits with {@code shutdown}.
 */
public enum AutoShutdown {
    /** Never ({@code never}, the default); no child may be significant. */
    NEVER,
    /** When any significant child exits and is not restarted ({@code any_significant}). */
    ANY_SIGNIFICANT,
    /** When every significant child has exited and none is left running or restarting ({@code all_significant}). */
    ALL_SIGNIFICANT
}
