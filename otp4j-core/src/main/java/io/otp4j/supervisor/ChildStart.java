package io.otp4j.supervisor;

import io.otp4j.process.ProcessContext;

/**
 * How a supervisor starts a child (the {@code start} of an Erlang child spec). It runs in the supervisor's
 * process, which it receives, and must <em>link</em> the new process to it (with {@link
 * ProcessContext#spawnLink} or {@link io.otp4j.genserver.GenServer#startLink}); it is called again for every
 * restart. As a safeguard the supervisor links to the returned pid itself, which does nothing when the link
 * exists.
 *
 * {@snippet class="io.otp4j.supervisor.SupervisorSnippetsTest" region="child-start"}
 *
 * A start that fails throws: the supervisor reports a start error naming the child and the exception (a
 * GenServer's {@link io.otp4j.genserver.StartException} gives its exit reason). A GenServer whose {@code init}
 * asks to be ignored counts as {@link StartResult#ignore()}.
 */
@FunctionalInterface
public interface ChildStart {

    /**
     * Starts the child, linked to {@code supervisor}.
     *
     * @param supervisor the supervisor's own process
     * @return the child's pid, or {@link StartResult#ignore()}
     * @throws Exception if the child could not be started
     */
    StartResult start(ProcessContext supervisor) throws Exception;
}
