package io.otp4j.process.jfr;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import jdk.jfr.Description;
import jdk.jfr.Enabled;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.Threshold;
import jdk.jfr.Timespan;
import org.jspecify.annotations.Nullable;

/**
 * otp4j's Flight Recorder events, category {@code otp4j}, and how the layers emit them: each method costs an
 * enabled check (no allocation once compiled) while no recording enables its event. The generic server and the
 * supervisors emit theirs through this class too; the package is not exported.
 *
 * <p>Defaults: {@code otp4j.Spawn}, {@code otp4j.Exit} and {@code otp4j.SlowHandler} are off until a recording
 * enables them: they fire, or time, for every process or callback, and the JDK's own settings, which most recordings
 * use, name no otp4j event. The others, which fire only when something is wrong, are on in such a recording.
 *
 * <p>Settings: {@code otp4j.SlowHandler} has a JFR threshold (default {@value #SLOW_HANDLER_DEFAULT}), set per
 * recording like any JFR event's; {@code otp4j.MailboxHighWater} fires when a server finds more messages waiting
 * than the system property {@value #HIGH_WATER_PROPERTY} says (default {@value #HIGH_WATER_DEFAULT}), once each
 * time its mailbox crosses that mark going up. A server counts its mailbox after its first message and after every
 * 64th, so it records a crossing within 64 messages of it.
 */
public final class Events {

    /** The system property that sets the mailbox high-water mark. */
    public static final String HIGH_WATER_PROPERTY = "otp4j.jfr.mailboxHighWater";

    /** The mailbox high-water mark unless {@value #HIGH_WATER_PROPERTY} says otherwise. */
    public static final int HIGH_WATER_DEFAULT = 10_000;

    /** The default threshold of {@code otp4j.SlowHandler}. */
    public static final String SLOW_HANDLER_DEFAULT = "100 ms";

    /** The mailbox high-water mark, read once. */
    public static final int HIGH_WATER = highWater(System.getProperty(HIGH_WATER_PROPERTY));

    private Events() {}

    /** {@return the high-water mark {@code value} sets}: the default if null, or (with a warning) if not a count */
    static int highWater(@Nullable String value) {
        if (value == null) {
            return HIGH_WATER_DEFAULT;
        }
        try {
            int mark = Integer.parseInt(value.strip());
            if (mark > 0) {
                return mark;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        System.getLogger("io.otp4j.process")
                .log(
                        System.Logger.Level.WARNING,
                        () -> HIGH_WATER_PROPERTY + " must be a positive number of messages, was \"" + value
                                + "\"; using " + HIGH_WATER_DEFAULT);
        return HIGH_WATER_DEFAULT;
    }

    /** A process was spawned: off unless a recording enables it, as the JDK's own virtual thread starts are. */
    @Name("otp4j.Spawn")
    @Enabled(false)
    @Label("Process Spawn")
    @Description("A process was spawned; Message Type is the class of its body")
    static final class Spawn extends OtpEvent {}

    /** A process exited: off unless a recording enables it, as the JDK's own virtual thread ends are. */
    @Name("otp4j.Exit")
    @Enabled(false)
    @Label("Process Exit")
    @Description("A process exited; Message Type is the class of the last message it took")
    static final class Exit extends OtpEvent {
        @Label("Reason")
        String reason = "";
    }

    /** A supervisor restarted a child. */
    @Name("otp4j.SupervisorRestart")
    @Label("Supervisor Restart")
    @Description("A supervisor restarted a child; Process and Registered Name are the supervisor's")
    static final class SupervisorRestart extends OtpEvent {
        @Label("Child Id")
        String childId = "";

        @Label("Reason")
        @Description("Why the child's previous incarnation exited")
        String reason = "";

        @Label("New Child")
        String child = "";
    }

    /** A call to a generic server timed out. */
    @Name("otp4j.CallTimeout")
    @Label("Call Timeout")
    @Description("A call got no reply in time; Process is the server, Message Type the request's class")
    static final class CallTimeout extends OtpEvent {
        @Label("Timeout")
        @Timespan(Timespan.MILLISECONDS)
        long timeout;
    }

    /** A server's mailbox grew past the high-water mark. */
    @Name("otp4j.MailboxHighWater")
    @Label("Mailbox High Water")
    @Description("A server found more messages waiting than the high-water mark (system property " + HIGH_WATER_PROPERTY
            + "); Message Type is what it had just handled")
    static final class MailboxHighWater extends OtpEvent {
        @Label("Mailbox Length")
        int length;

        @Label("High-Water Mark")
        int mark;
    }

    /**
     * A server callback took longer than the event's threshold: off unless a recording enables it, since while it is
     * on every callback is timed.
     */
    @Name("otp4j.SlowHandler")
    @Enabled(false)
    @Label("Slow Handler")
    @Description("A generic server callback ran longer than the threshold; Message Type is what it handled")
    @Threshold(SLOW_HANDLER_DEFAULT)
    public static final class SlowHandler extends OtpEvent {
        @Label("Callback")
        String callback = "";

        SlowHandler() {}

        /** Ends the timing and commits the event if it lasted longer than the threshold. */
        public void finish(Pid server, @Nullable String registered, Class<?> type, String kind) {
            end();
            if (shouldCommit()) {
                about(server, registered, type);
                callback = kind;
                commit();
            }
        }
    }

    /** Records a spawn, if enabled. */
    public static void spawned(Pid pid, @Nullable String name, Class<?> body) {
        Spawn e = new Spawn();
        if (e.shouldCommit()) {
            e.about(pid, name, body);
            e.commit();
        }
    }

    /** Records an exit, if enabled. */
    public static void exited(Pid pid, @Nullable String name, @Nullable Class<?> last, ExitReason reason) {
        Exit e = new Exit();
        if (e.shouldCommit()) {
            e.about(pid, name, last);
            e.reason = reason.toString();
            e.commit();
        }
    }

    /** Records a supervisor's restart of a child, if enabled. */
    public static void restarted(Pid supervisor, @Nullable String name, Object childId, ExitReason reason, Pid child) {
        SupervisorRestart e = new SupervisorRestart();
        if (e.shouldCommit()) {
            e.about(supervisor, name, null);
            e.childId = String.valueOf(childId);
            e.reason = reason.toString();
            e.child = child.toString();
            e.commit();
        }
    }

    /** Records a call's timeout, if enabled. */
    public static void callTimedOut(Pid server, @Nullable String name, Class<?> request, long timeoutMillis) {
        CallTimeout e = new CallTimeout();
        if (e.shouldCommit()) {
            e.about(server, name, request);
            e.timeout = timeoutMillis;
            e.commit();
        }
    }

    /** {@return whether a recording wants mailbox high-water events} */
    public static boolean highWaterEnabled() {
        return new MailboxHighWater().isEnabled();
    }

    /** Records a mailbox past the high-water mark, if enabled. */
    public static void highWater(Pid server, @Nullable String name, Class<?> handled, int length) {
        MailboxHighWater e = new MailboxHighWater();
        if (e.shouldCommit()) {
            e.about(server, name, handled);
            e.length = length;
            e.mark = HIGH_WATER;
            e.commit();
        }
    }

    /** {@return a started slow-handler timing, or null when no recording wants the event} */
    public static @Nullable SlowHandler slowHandler() {
        SlowHandler e = new SlowHandler();
        if (!e.isEnabled()) {
            return null;
        }
        e.begin();
        return e;
    }
}
