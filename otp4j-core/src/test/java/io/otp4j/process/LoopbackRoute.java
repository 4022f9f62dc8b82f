package io.otp4j.process;

import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.RemoteRoute;

/**
 * A route from one node to another in the same JVM that carries what a transport would: every pid and monitor
 * reference crosses as its parts (node, incarnation, number) and is rebuilt on the far side with {@link
 * Engine#pid}, so the far node holds a pid of another node, without the process behind it, exactly as it would
 * after decoding. Messages must not contain pids (this route does not walk them). What the far side answers
 * comes back through the far node's own route, as over a wire.
 */
final class LoopbackRoute implements RemoteRoute {

    private static final Engine ENGINE = Engine.get();

    private final Node far;
    /** The far node's route back here, for its answers. */
    private LoopbackRoute back = this;

    private volatile boolean connected = true;

    private LoopbackRoute(Node far) {
        this.far = far;
    }

    /** Connects {@code a} and {@code b} both ways; {@return the routes from a to b and from b to a} */
    static LoopbackRoute[] connect(Node a, Node b) {
        LoopbackRoute ab = new LoopbackRoute(b);
        LoopbackRoute ba = new LoopbackRoute(a);
        ab.back = ba;
        ba.back = ab;
        ENGINE.route(a, ab);
        ENGINE.route(b, ba);
        return new LoopbackRoute[] {ab, ba};
    }

    /** Cuts the route: from now on the far node counts as not connected. */
    void cut() {
        connected = false;
    }

    private Pid across(Pid pid) {
        return ENGINE.pid(far, pid.node(), ENGINE.creation(pid), pid.id());
    }

    private MonitorRef across(MonitorRef ref) {
        return ENGINE.monitorRef(across(ref.target()), across(ENGINE.origin(ref)), ENGINE.id(ref));
    }

    @Override
    public Delivery send(Pid to, Object message) {
        return connected ? far.send(across(to), message) : Delivery.NO_PROCESS;
    }

    @Override
    public Delivery send(String node, String name, Object message) {
        return connected && far.name().equals(node) ? far.send(name, message) : Delivery.NO_PROCESS;
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        if (connected) {
            ENGINE.exitSignal(across(from), across(to), reason, viaLink);
        }
    }

    @Override
    public boolean link(Pid from, Pid to) {
        if (!connected) {
            return false;
        }
        Pid remote = across(from);
        Pid local = across(to);
        if (!ENGINE.linkFrom(remote, local)) {
            // The far process is not alive: its node answers with an exit signal noproc over the link.
            back.exit(local, remote, ExitReason.noproc(), true);
        }
        return true;
    }

    @Override
    public void unlink(Pid from, Pid to) {
        if (connected) {
            ENGINE.unlinkFrom(across(from), across(to));
        }
    }

    @Override
    public boolean monitor(MonitorRef ref, Pid watcher, Pid target) {
        if (!connected) {
            return false;
        }
        MonitorRef there = across(ref);
        if (!ENGINE.monitorFrom(there, across(watcher), across(target))) {
            back.down(there, across(watcher), across(target), ExitReason.noproc());
        }
        return true;
    }

    @Override
    public void demonitor(MonitorRef ref, Pid watcher, Pid target) {
        if (connected) {
            ENGINE.demonitorFrom(across(ref), across(target));
        }
    }

    @Override
    public void down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) {
        if (connected) {
            ENGINE.down(across(ref), across(watcher), reason);
        }
    }
}
