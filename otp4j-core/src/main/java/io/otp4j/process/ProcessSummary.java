package io.otp4j.process;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A light snapshot of one process, for tools that look at many processes at once (a dashboard listing a million
 * of them): what {@link ProcessInfo} says about the mailbox, the work and the name, without the links and
 * monitors, so that taking one costs a lock and a few reads.
 *
 * @param pid the process
 * @param status what it was doing when looked at
 * @param mailboxLength how many messages wait in its mailbox
 * @param messagesHandled how many messages it has taken so far
 * @param currentMessageType the type of the message it is handling, if it is handling one
 * @param currentMessageTime how long it has been handling that message ({@link Duration#ZERO} if none), as {@link
 *     ProcessInfo#currentMessageTime()} gives it
 * @param registeredName its first registered name, if it has one
 */
public record ProcessSummary(
        Pid pid,
        ProcessStatus status,
        int mailboxLength,
        long messagesHandled,
        Optional<Class<?>> currentMessageType,
        Duration currentMessageTime,
        Optional<String> registeredName) {

    /** Checks that no component is null. */
    public ProcessSummary {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(currentMessageType, "currentMessageType");
        Objects.requireNonNull(currentMessageTime, "currentMessageTime");
        Objects.requireNonNull(registeredName, "registeredName");
    }
}
