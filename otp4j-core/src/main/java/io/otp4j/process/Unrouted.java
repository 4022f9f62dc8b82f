package io.otp4j.process;

import io.otp4j.process.spi.RemoteRoute;

/** The route of a node that is in no cluster: every other node counts as not connected. */
enum Unrouted implements RemoteRoute {
    INSTANCE;

    @Override
    public Delivery send(Pid to, Object message) {
        return Delivery.NO_PROCESS; // as in Erlang, a send to an unreachable node is silently lost
    }

    @Override
    public Delivery send(String node, String name, Object message) {
        return Delivery.NO_PROCESS;
    }

    @Override
    public void exit(Pid from, Pid to, ExitReason reason, boolean viaLink) {}

    @Override
    public boolean link(Pid from, Pid to) {
        return false;
    }

    @Override
    public void unlink(Pid from, Pid to) {}

    @Override
    public boolean monitor(MonitorRef ref, Pid watcher, Pid target) {
        return false;
    }

    @Override
    public void demonitor(MonitorRef ref, Pid watcher, Pid target) {}

    @Override
    public void down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) {}
}
