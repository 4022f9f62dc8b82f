package io.otp4j.cluster;

import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;

/** What one node tells another: the calls of {@link io.otp4j.process.spi.RemoteRoute}, one record each. */
sealed interface Frame {

    /** A message for the process {@code to}. */
    record Send(Pid to, Object message) implements Frame {}

    /** A message for the process registered as {@code name} on the node {@code node}. */
    record SendToName(String node, String name, Object message) implements Frame {}

    /** An exit signal from {@code from} to {@code to}, through a link if {@code viaLink}. */
    record ExitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink) implements Frame {}

    /** Link {@code to} (on the receiver) with {@code from}. */
    record Link(Pid from, Pid to) implements Frame {}

    /** Unlink {@code to} (on the receiver) from {@code from}. */
    record Unlink(Pid from, Pid to) implements Frame {}

    /** Monitor {@code target} (on the receiver) for {@code watcher}. */
    record Monitor(MonitorRef ref, Pid watcher, Pid target) implements Frame {}

    /** Remove the monitor {@code ref} of {@code watcher} on {@code target}. */
    record Demonitor(MonitorRef ref, Pid watcher, Pid target) implements Frame {}

    /** The monitored {@code target} ended with {@code reason}: a Down for {@code watcher} (on the receiver). */
    record Down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) implements Frame {}
}
