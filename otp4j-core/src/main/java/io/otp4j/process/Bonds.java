package io.otp4j.process;

import io.otp4j.process.spi.ProcessExtension;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Links and monitors between processes, local or on other nodes.
 *
 * <p>Each side of a bond is kept in its process's {@link Relations}, under that process's monitor. Between two
 * local processes both sides are written here; with a process of another node, the local side is written here
 * and the other node is asked, through the node's {@link io.otp4j.process.spi.RemoteRoute}, to write its side.
 * A node that is not connected makes a link fire {@code noconnection} and a monitor deliver a Down {@code
 * noconnection} at once, as Erlang does.
 *
 * <p>A Down goes into the watcher's mailbox under the watcher's monitor, which {@code demonitor} also takes:
 * once {@code demonitor} has removed a monitor, no Down of it can arrive any more, so {@code demonitor(ref,
 * flush)} leaves none behind. The mailbox's own lock, if any, is a leaf: nothing is locked inside it.
 */
@SuppressWarnings("ReferenceEquality") // processes are compared by identity: one object per live process
final class Bonds {

    private Bonds() {}

    // ------------------------------------------------------------------ links

    static void link(ProcessImpl p, Pid other) {
        ProcessImpl target = other.process;
        if (target == p) {
            return;
        }
        if (target != null) {
            if (!linkBoth(p, target)) {
                linkFailed(p, other);
            }
        } else if (p.node.isLocal(other)) {
            linkFailed(p, other); // a dead pid of this node, or of an earlier life of it
        } else {
            synchronized (p) {
                p.relations().links().add(other);
            }
            if (!p.node.route().link(p.pid, other)) {
                if (removeLink(p, other)) {
                    Signals.reach(p, other, ExitReason.noconnection(), true);
                }
            }
        }
    }

    /** Linking to a process that is not alive: an {@code Exit(noproc)} if trapping, else {@link NoProcException}. */
    private static void linkFailed(ProcessImpl p, Pid other) {
        if (p.trapExits) {
            p.deliverSystem(new Exit(other, ExitReason.noproc()));
        } else {
            throw new NoProcException(other, "link to");
        }
    }

    /** Links {@code p} to {@code child}, which exists but has not started yet. */
    static void linkNew(ProcessImpl p, ProcessImpl child) {
        synchronized (p) {
            p.relations().links().add(child.pid);
        }
        synchronized (child) {
            child.relations().links().add(p.pid);
        }
    }

    /** Links two live local processes, locking both in pid order; false if either is dead. */
    private static boolean linkBoth(ProcessImpl p, ProcessImpl other) {
        ProcessImpl first = p.pid.compareTo(other.pid) < 0 ? p : other;
        ProcessImpl second = first == p ? other : p;
        synchronized (first) {
            synchronized (second) {
                if (other.dead || p.dead) {
                    return false;
                }
                p.relations().links().add(other.pid);
                other.relations().links().add(p.pid);
                return true;
            }
        }
    }

    static void unlink(ProcessImpl p, Pid other) {
        ProcessImpl target = other.process;
        if (target == p) {
            return;
        }
        boolean had = removeLink(p, other);
        if (target != null) {
            removeLink(target, p.pid);
        } else if (had && !p.node.isLocal(other)) {
            p.node.route().unlink(p.pid, other);
        }
    }

    /** Removes {@code p}'s side of its link to {@code other}; {@return whether there was one} */
    static boolean removeLink(ProcessImpl p, Pid other) {
        synchronized (p) {
            Relations r = p.relations;
            return r != null && r.links != null && r.links.remove(other);
        }
    }

    /** The remote {@code remote} links itself to {@code p}; {@return false if p is not alive} */
    static boolean linkFrom(ProcessImpl p, Pid remote) {
        synchronized (p) {
            if (p.dead) {
                return false;
            }
            p.relations().links().add(remote);
            return true;
        }
    }

    // ------------------------------------------------------------------ monitors

    static MonitorRef monitor(ProcessImpl p, Pid other) {
        ProcessImpl target = other.process;
        if (target != null) {
            return addMonitor(p, target);
        }
        MonitorRef ref = p.node.newMonitorRef(other);
        if (p.node.isLocal(other)) {
            p.deliverSystem(new Down(ref, other, ExitReason.noproc()));
            return ref;
        }
        synchronized (p) {
            p.relations().monitors().put(ref, other);
        }
        if (!p.node.route().monitor(ref, p.pid, other)) {
            fired(p, ref, ExitReason.noconnection());
        }
        return ref;
    }

    /** Records a monitor of {@code p} on the local {@code target}; delivers DOWN(noproc) at once if it is dead. */
    static MonitorRef addMonitor(ProcessImpl p, ProcessImpl target) {
        MonitorRef ref = p.node.newMonitorRef(target.pid);
        // First on the watcher's side, so a target that dies in between finds nothing stale to leave behind.
        synchronized (p) {
            p.relations().monitors().put(ref, target.pid);
        }
        if (!monitorFrom(target, ref, p.pid)) {
            synchronized (p) {
                p.relations().monitors().remove(ref);
            }
            p.deliverSystem(new Down(ref, target.pid, ExitReason.noproc()));
        }
        return ref;
    }

    /** Records that {@code watcher} monitors {@code target}; {@return false if target is not alive} */
    static boolean monitorFrom(ProcessImpl target, MonitorRef ref, Pid watcher) {
        synchronized (target) {
            if (target.dead) {
                return false;
            }
            target.relations().monitoredBy().put(ref, watcher);
            return true;
        }
    }

    /** Spawns a child monitored (and, with {@code link}, linked) by {@code p} before it runs. */
    static SpawnedMonitor spawnMonitored(
            ProcessImpl p, SpawnOptions options, ProcessBody body, @Nullable ProcessExtension extension, boolean link) {
        MonitorRef[] ref = new MonitorRef[1];
        Pid child = p.node.spawn(options, body, extension, c -> {
            if (link) {
                linkNew(p, c);
            }
            ref[0] = addMonitor(p, c);
        });
        return new SpawnedMonitor(child, Objects.requireNonNull(ref[0]));
    }

    static boolean demonitor(ProcessImpl p, MonitorRef ref, boolean flush) {
        Pid target;
        synchronized (p) {
            Relations r = p.relations;
            target = r == null || r.monitors == null ? null : r.monitors.remove(ref);
        }
        if (target != null) {
            ProcessImpl t = target.process;
            if (t != null) {
                monitorRemoved(t, ref);
            } else if (!p.node.isLocal(target)) {
                p.node.route().demonitor(ref, p.pid, target);
            }
        }
        if (flush) {
            p.mailbox.poll(m -> m instanceof Down down && down.ref().equals(ref));
        }
        return target != null;
    }

    /** The target of {@code watcher}'s monitor {@code ref} ended with {@code reason}: one Down, unless demonitored. */
    static void fired(ProcessImpl watcher, MonitorRef ref, ExitReason reason) {
        synchronized (watcher) {
            Relations r = watcher.relations;
            if (r == null || r.monitors == null || r.monitors.remove(ref) == null) {
                return; // demonitored in the meantime, or this watcher is gone
            }
            watcher.deliverSystem(new Down(ref, ref.target(), reason));
        }
    }

    /** Forgets the monitor {@code ref} that someone held on {@code target}. */
    static void monitorRemoved(ProcessImpl target, MonitorRef ref) {
        synchronized (target) {
            Relations r = target.relations;
            if (r != null && r.monitoredBy != null) {
                r.monitoredBy.remove(ref);
            }
        }
    }

    // ------------------------------------------------------------------ when a process or a node goes

    /** Fires the bonds of {@code p}, which has exited with {@code reason}; {@code r} is what it held. */
    static void exited(ProcessImpl p, Relations r, ExitReason reason) {
        Node node = p.node;
        if (r.links != null) {
            for (Pid linked : r.links) {
                ProcessImpl l = linked.process;
                if (l != null) {
                    removeLink(l, p.pid);
                    Signals.reach(l, p.pid, reason, true);
                } else if (!node.isLocal(linked)) {
                    node.route().exit(p.pid, linked, reason, true);
                }
            }
        }
        if (r.monitoredBy != null) {
            r.monitoredBy.forEach((ref, watcher) -> {
                ProcessImpl w = watcher.process;
                if (w != null) {
                    fired(w, ref, reason);
                } else if (!node.isLocal(watcher)) {
                    node.route().down(ref, watcher, p.pid, reason);
                }
            });
        }
        if (r.monitors != null) {
            r.monitors.forEach((ref, target) -> {
                ProcessImpl t = target.process;
                if (t != null) {
                    monitorRemoved(t, ref);
                } else if (!node.isLocal(target)) {
                    node.route().demonitor(ref, p.pid, target);
                }
            });
        }
    }

    /**
     * The node {@code nodeName} is lost: {@code p}'s links to its processes fire {@code noconnection}, its
     * monitors of them deliver a Down {@code noconnection}, and the monitors they held on {@code p} go.
     */
    static void nodeDown(ProcessImpl p, String nodeName) {
        List<Pid> lost = new ArrayList<>(0);
        synchronized (p) {
            Relations r = p.relations;
            if (r == null || p.dead) {
                return;
            }
            HashSet<Pid> links = r.links;
            if (links != null) {
                links.removeIf(pid -> {
                    boolean gone = pid.node().equals(nodeName);
                    if (gone) {
                        lost.add(pid);
                    }
                    return gone;
                });
            }
            HashMap<MonitorRef, Pid> monitors = r.monitors;
            if (monitors != null) {
                for (var it = monitors.entrySet().iterator(); it.hasNext(); ) {
                    Map.Entry<MonitorRef, Pid> e = it.next();
                    if (e.getValue().node().equals(nodeName)) {
                        it.remove();
                        p.deliverSystem(new Down(e.getKey(), e.getValue(), ExitReason.noconnection()));
                    }
                }
            }
            HashMap<MonitorRef, Pid> monitoredBy = r.monitoredBy;
            if (monitoredBy != null) {
                monitoredBy.values().removeIf(pid -> pid.node().equals(nodeName));
            }
        }
        for (Pid pid : lost) {
            Signals.reach(p, pid, ExitReason.noconnection(), true);
        }
    }
}
