package io.otp4j.process;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A snapshot of one process, like Erlang's {@code process_info/1}. Taken while the process runs, so the
 * figures may be a moment old; they are exact for a process that is waiting.
 *
 * @param pid the process
 * @param status what it is doing
 * @param mailboxLength messages waiting in its mailbox
 * @param messagesHandled messages it has taken out of its mailbox
 * @param droppedMessages messages its bounded mailbox dropped (zero for an unbounded one)
 * @param mailbox its mailbox kind
 * @param currentMessageType the type of the message it is handling, if it is running one
 * @param currentMessageTime how long it has been on that message (zero when there is none), to within about a
 *     millisecond on the system clock, never less than the true time (see {@link
 *     io.otp4j.time.Clock#coarseNanoTime()})
 * @param links the processes it is linked to
 * @param monitors the processes it monitors
 * @param monitoredBy the processes that monitor it
 * @param names its registered names
 * @param trapExits whether it traps exits
 */
public record ProcessInfo(
        Pid pid,
        ProcessStatus status,
        int mailboxLength,
        long messagesHandled,
        long droppedMessages,
        MailboxConfig mailbox,
        Optional<Class<?>> currentMessageType,
        Duration currentMessageTime,
        List<Pid> links,
        List<Pid> monitors,
        List<Pid> monitoredBy,
        List<String> names,
        boolean trapExits) {

    /** Checks the components; a null or invalid one throws, naming the component and the problem. */
    public ProcessInfo {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(mailbox, "mailbox");
        Objects.requireNonNull(currentMessageType, "currentMessageType");
        Objects.requireNonNull(currentMessageTime, "currentMessageTime");
        links = List.copyOf(Objects.requireNonNull(links, "links"));
        monitors = List.copyOf(Objects.requireNonNull(monitors, "monitors"));
        monitoredBy = List.copyOf(Objects.requireNonNull(monitoredBy, "monitoredBy"));
        names = List.copyOf(Objects.requireNonNull(names, "names"));
    }
}
