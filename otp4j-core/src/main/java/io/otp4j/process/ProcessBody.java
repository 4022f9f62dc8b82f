package io.otp4j.process;

/**
 * The code a process runs. Returning ends the process with {@link ExitReason#normal()}; throwing ends it
 * with {@link ExitReason#crash(Throwable)} and one crash report ("let it crash").
 */
@FunctionalInterface
public interface ProcessBody {

    /**
     * Runs the process.
     *
     * @param self the process's own view of itself: receive, links, monitors, exits
     * @throws Exception anything: the process exits with a crash reason
     */
    void run(ProcessContext self) throws Exception;
}
