package io.otp4j.task;

/** The code of a fire-and-forget task ({@link Task#start}, {@link TaskSupervisor#startChild}): run for its effects. */
@FunctionalInterface
public interface TaskAction {

    /**
     * Runs the task.
     *
     * @throws Exception anything: the task crashes with it (one crash report)
     */
    void run() throws Exception;
}
