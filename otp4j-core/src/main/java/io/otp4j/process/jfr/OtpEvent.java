package io.otp4j.process.jfr;

import io.otp4j.process.Pid;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.StackTrace;
import org.jspecify.annotations.Nullable;

/**
 * What every otp4j Flight Recorder event has: the process, its registered name and the type of the message at
 * hand. A recording that names none of them gets the rare ones (a supervisor's restart, a call's timeout, a mailbox
 * past its high-water mark); those of every process or callback (spawn, exit, slow handler) are off until a recording
 * enables them. An enabled event costs what JFR's own events cost.
 */
@Category("otp4j")
@StackTrace(false)
public abstract class OtpEvent extends Event {

    @Label("Process")
    @Description("The pid of the process, as <node.id>")
    String pid = "";

    @Label("Registered Name")
    @Description("The process's registered name, if any")
    @Nullable
    String name;

    @Label("Message Type")
    @Description("The class of the message at hand (see each event), if any")
    @Nullable
    String messageType;

    OtpEvent() {}

    /** Fills the fields every otp4j event has. */
    final void about(Pid process, @Nullable String registered, @Nullable Class<?> type) {
        pid = process.toString();
        name = registered;
        messageType = type == null ? null : type.getName();
    }
}
