package io.otp4j.task;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import org.jspecify.annotations.Nullable;

/**
 * The owner's side of one running task: its process, the owner's monitor on it, and whether they are linked.
 * Every method runs on the owner's thread.
 */
record TaskHandle(TaskCore core, Pid pid, MonitorRef ref, boolean linked) {

    /** {@return whether {@code message} is this task's reply or the Down of its monitor} */
    boolean matches(Object message) {
        return message instanceof TaskReply reply
                ? reply.core() == core
                : message instanceof Down down && down.ref().equals(ref);
    }

    /** {@return the result a matching message carries}; a reply also removes the monitor and its Down */
    TaskResult<Object> outcome(ProcessContext owner, Object message) {
        if (message instanceof TaskReply reply) {
            owner.demonitor(ref, true);
            return new TaskResult.Ok<>(reply.value());
        }
        return new TaskResult.Exited<>(((Down) message).reason());
    }

    /**
     * Kills the task and forgets it: unlinks first (so its death does not come back over the link), tells it
     * not to reply, kills it, and removes the monitor and anything the task sent.
     *
     * @return the task's reply if the task had claimed it before the owner gave up, else null
     */
    @Nullable
    TaskReply kill(ProcessContext owner) {
        if (linked) {
            owner.unlink(pid);
        }
        boolean cancelled = core.cancel();
        owner.exit(pid, ExitReason.kill());
        TaskReply reply = null;
        if (!cancelled) {
            // The reply is claimed and on its way; the task sends it, or dies trying, right away.
            Object message = owner.receive(this::matches);
            reply = message instanceof TaskReply r ? r : null;
        }
        owner.demonitor(ref, true);
        return reply;
    }
}
