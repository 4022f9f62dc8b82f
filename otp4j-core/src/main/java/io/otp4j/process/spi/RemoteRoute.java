package io.otp4j.process.spi;

import io.otp4j.process.Delivery;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;

/**
 * Where a node sends what is meant for a process of another node: the one seam a cluster transport plugs into
 * ({@link Engine#route}). Every message or signal aimed at a pid whose node is not this node goes through it,
 * and only through it; a node without a route treats other nodes as not connected.
 *
 * <p>What arrives from other nodes goes back in through {@link Engine}: messages through {@code Node.send},
 * signals through {@link Engine#exitSignal}, {@link Engine#linkFrom}, {@link Engine#monitorFrom}, {@link
 * Engine#down} and, when a node is lost, {@link Engine#nodeDown}.
 *
 * <p>Calls come from any thread, including a process's own as it exits; they must not block for long (queue
 * and return). Messages from one sender to one receiver must arrive in the order sent.
 */
public interface RemoteRoute {

    /**
     * Sends {@code message} to the remote process {@code to}.
     *
     * @param to a process of another node
     * @param message what to send; the transport encodes it
     * @return what became of it as far as this node can tell
     */
    Delivery send(Pid to, Object message);

    /**
     * Sends {@code message} to the process registered as {@code name} on {@code node}.
     *
     * @param node the name of the receiver's node
     * @param name the name registered there
     * @param message what to send; the transport encodes it
     * @return what became of it as far as this node can tell
     */
    Delivery send(String node, String name, Object message);

    /**
     * Carries an exit signal from {@code from} (a local process or the node) to the remote process {@code to}:
     * {@code exit(to, reason)}, or with {@code viaLink} the exit of a linked process.
     *
     * @param from the local sender, or the node's pseudo-pid
     * @param to the remote receiver
     * @param reason the signal's reason
     * @param viaLink whether it is a linked process's exit rather than an {@code exit/2}
     */
    void exit(Pid from, Pid to, ExitReason reason, boolean viaLink);

    /**
     * Asks {@code to}'s node to link {@code to} with the local process {@code from}, which has recorded the link
     * already. If {@code to} is not alive there, that node answers with an exit signal {@code noproc} (delivered
     * through {@link Engine#exitSignal} with {@code viaLink}).
     *
     * @param from the local process
     * @param to the remote process
     * @return false if {@code to}'s node is not connected; the caller then gets {@code noconnection} at once
     */
    boolean link(Pid from, Pid to);

    /**
     * Removes the link between the local {@code from} and the remote {@code to} on {@code to}'s node.
     *
     * @param from the local process
     * @param to the remote process
     */
    void unlink(Pid from, Pid to);

    /**
     * Asks {@code target}'s node to monitor {@code target} for the local {@code watcher}. If {@code target} is not
     * alive there, that node answers with a Down {@code noproc} (through {@link Engine#down}).
     *
     * @param ref the monitor, made by this node
     * @param watcher the local process that monitors
     * @param target the remote process monitored
     * @return false if the node is not connected; the watcher then gets a Down {@code noconnection} at once
     */
    boolean monitor(MonitorRef ref, Pid watcher, Pid target);

    /**
     * Removes a monitor that the local {@code watcher} holds on the remote {@code target}.
     *
     * @param ref the monitor, made by this node
     * @param watcher the local process that monitored
     * @param target the remote process it was on
     */
    void demonitor(MonitorRef ref, Pid watcher, Pid target);

    /**
     * Tells the remote {@code watcher} that the local {@code target} it monitored ended with {@code reason}.
     *
     * @param ref the monitor, made by the watcher's node
     * @param watcher the remote process that monitored
     * @param target the local process that ended
     * @param reason its exit reason
     */
    void down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason);

    /**
     * The node has closed (its processes are gone, and it routes nothing any more): the transport leaves its
     * cluster, so that the other nodes see this one down. Called once, by {@code Node.close}.
     */
    default void nodeClosed() {}
}
