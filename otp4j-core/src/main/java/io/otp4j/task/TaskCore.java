package io.otp4j.task;

import io.otp4j.process.Down;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;

/**
 * What a task and its owner share: who to reply to, and a state that decides, with one CAS, whether the task's
 * reply goes out or the owner gave up on it first. It is also the task's identity in its reply message and in
 * the go-ahead a supervised task waits for.
 */
final class TaskCore {

    private static final int RUNNING = 0;
    private static final int REPLIED = 1;
    private static final int CANCELLED = 2;

    /** RUNNING until the task claims its reply (REPLIED) or the owner gives up on it (CANCELLED). */
    private final AtomicInteger state = new AtomicInteger(RUNNING);

    final Pid owner;

    /** The async stream the task belongs to, or null for a lone task. */
    final @Nullable Object group;

    /** The task's place in its stream's input. */
    final long index;

    TaskCore(Pid owner, @Nullable Object group, long index) {
        this.owner = owner;
        this.group = group;
        this.index = index;
    }

    /** {@return the body of a task that runs {@code function} at once and replies} */
    ProcessBody body(TaskBody<?> function) {
        return self -> reply(self, function.run(self));
    }

    /**
     * {@return the body of a task started by a supervisor on the owner's behalf}: it waits for the owner's
     * go-ahead (this core, sent once the owner monitors the task, so the owner sees the task's true exit reason
     * however soon it comes), and leaves quietly if the owner dies first.
     */
    ProcessBody supervisedBody(TaskBody<?> function) {
        return self -> {
            MonitorRef onOwner = self.monitor(owner);
            Object go = self.receive(
                    m -> m == this || m instanceof Down down && down.ref().equals(onOwner));
            if (go instanceof Down) {
                return;
            }
            self.demonitor(onOwner, true);
            reply(self, function.run(self));
        };
    }

    private void reply(ProcessContext self, @Nullable Object value) {
        Objects.requireNonNull(value, "the task's function returned null; a task must return a value");
        // The CAS and the owner's cancel() decide which comes first: after a lost cancel the owner knows the reply
        // is on its way, after a won one that it never comes.
        if (state.compareAndSet(RUNNING, REPLIED)) {
            self.send(owner, new TaskReply(this, value));
        }
    }

    /** {@return true if the owner gave up before the task claimed its reply: no reply will come} */
    boolean cancel() {
        return state.compareAndSet(RUNNING, CANCELLED);
    }
}
