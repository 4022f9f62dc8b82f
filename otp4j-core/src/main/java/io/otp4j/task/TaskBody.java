package io.otp4j.task;

import io.otp4j.process.ProcessContext;

/**
 * A task's function when it needs its own process: to trap exits, receive, or start tasks of its own. Plain
 * computations pass a {@link java.util.concurrent.Callable} instead.
 *
 * @param <R> the task's value
 */
@FunctionalInterface
public interface TaskBody<R> {

    /**
     * Computes the task's value, in the task's process.
     *
     * @param self the task's own process
     * @return the value; must not be null
     * @throws Exception anything: the task crashes with it
     */
    R run(ProcessContext self) throws Exception;
}
