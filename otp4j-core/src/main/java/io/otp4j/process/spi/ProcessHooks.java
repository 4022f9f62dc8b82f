package io.otp4j.process.spi;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import org.jspecify.annotations.Nullable;

/**
 * What a node tells an observer of its processes, installed with {@link Engine#hooks(io.otp4j.process.Node,
 * ProcessHooks)}: the process layer's side of {@code io.otp4j.observe}. With none installed a node pays one
 * volatile read per spawn, send and exit.
 */
public interface ProcessHooks {

    /**
     * A process was spawned; on the spawning thread, before its pid is handed out.
     *
     * @param pid the new process
     */
    void spawned(Pid pid);

    /**
     * A process exited; on its own thread, at the end of its exit sequence.
     *
     * @param pid the process that exited
     * @param reason its exit reason
     */
    void exited(Pid pid, ExitReason reason);

    /**
     * {@return the sending thread's context to carry with a message sent to a local process, or null for none}: a
     * non-null one travels with the message to {@code to} and {@link Engine#carried} gives it to the process that takes it.
     *
     * @param to the local receiving process
     * @param message what is being sent
     */
    @Nullable
    Object capture(Pid to, Object message);
}
