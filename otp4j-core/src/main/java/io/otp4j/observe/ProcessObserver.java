package io.otp4j.observe;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;

/**
 * Hooks a node calls as its processes live: installed with {@link Observation#add}, for metrics, dashboards and
 * logs that want to know what happens as it happens instead of polling for it.
 *
 * <p>Every method has an empty default, so an observer overrides only what it needs. Each is called on the thread
 * its Javadoc names, in the middle of the work it reports: it must be quick and must not block (count, record,
 * hand off to a queue). An exception it throws is logged once per observer and otherwise ignored: an observer
 * never breaks the process it watches.
 */
public interface ProcessObserver {

    /**
     * A process was spawned; called on the spawning thread, before its pid is handed out.
     *
     * @param pid the new process
     */
    default void spawned(Pid pid) {}

    /**
     * A process exited with {@code reason}; called on the process's own thread, after its exit signals are sent.
     *
     * @param pid the process that exited
     * @param reason why it exited: {@code normal}, {@code shutdown}, {@code killed}, an exception, ...
     */
    default void exited(Pid pid, ExitReason reason) {}

    /**
     * A generic server ran a callback; called on the server's thread, after the callback returned or threw.
     *
     * @param event which server, which callback, how long it took and how it ended
     */
    default void handled(Handled event) {}

    /**
     * A call to a generic server ({@code GenServerRef.call}, {@code callWithoutTimeout}) ended, whatever its
     * outcome; called on the caller's thread. Requests sent with {@code sendRequest} or {@code callAsync} are not
     * reported here.
     *
     * @param event which server was called, with what, how it ended and (when timed) how long it took
     */
    default void callFinished(CallFinished event) {}

    /**
     * {@return how often this observer wants a call timed}, read once when it is added: 1 (the default) for every
     * call; {@code n} for one call in {@code n}, picked at random, the others told with {@link CallFinished#UNTIMED};
     * {@link Integer#MAX_VALUE} for an observer that never uses a call's time (one that only counts, or ends spans).
     * Timing takes two clock reads per call; the node times a call when any observer wants it, and tells each
     * observer in {@link CallFinished#timedOneIn()} how often it did.
     */
    default int timeOneCallIn() {
        return 1;
    }

    /**
     * A supervisor restarted a child; called on the supervisor's thread, once the new child runs.
     *
     * @param event which supervisor, which child, why it exited and its new pid
     */
    default void childRestarted(ChildRestarted event) {}
}
