package io.otp4j.process;

import io.otp4j.process.spi.Engine;
import io.otp4j.process.spi.ProcessExtension;
import io.otp4j.process.spi.ProcessHooks;
import io.otp4j.process.spi.RemoteRoute;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;

/** The process layer's {@link Engine}: the plumbing otp4j's own modules reach through the SPI. */
final class EngineBridge implements Engine {

    EngineBridge() {}

    @Override
    public Pid spawn(Node node, SpawnOptions options, ProcessExtension extension, ProcessBody body) {
        Objects.requireNonNull(node, "node");
        Objects.requireNonNull(extension, "extension");
        return node.spawn(options, body, extension, null);
    }

    @Override
    public Pid spawnLink(ProcessContext parent, SpawnOptions options, ProcessExtension extension, ProcessBody body) {
        ProcessImpl p = caller(parent, "spawnLink");
        return p.node.spawn(options, body, Objects.requireNonNull(extension, "extension"), c -> Bonds.linkNew(p, c));
    }

    @Override
    public SpawnedMonitor spawnMonitor(
            ProcessContext parent, SpawnOptions options, ProcessExtension extension, ProcessBody body) {
        ProcessImpl p = caller(parent, "spawnMonitor");
        return Bonds.spawnMonitored(p, options, body, Objects.requireNonNull(extension, "extension"), false);
    }

    private static ProcessImpl caller(ProcessContext parent, String what) {
        ProcessImpl p = (ProcessImpl) Objects.requireNonNull(parent, "parent");
        p.checkOwner(what);
        return p;
    }

    @Override
    public @Nullable Object receiveOrWaitBelow(ProcessContext self, ProcessBody resume) {
        return Receiving.receiveOrWaitBelow(
                (ProcessImpl) Objects.requireNonNull(self, "self"),
                Objects.requireNonNull(resume, "resume"),
                false,
                null);
    }

    @Override
    public @Nullable Object receiveOrWaitPooled(ProcessContext self, ProcessBody resume) {
        return Receiving.receiveOrWaitBelow(
                (ProcessImpl) Objects.requireNonNull(self, "self"),
                Objects.requireNonNull(resume, "resume"),
                true,
                null);
    }

    @Override
    public @Nullable Object receiveOrWaitPooled(ProcessContext self, ProcessBody resume, Predicate<Object> match) {
        return Receiving.receiveOrWaitBelow(
                (ProcessImpl) Objects.requireNonNull(self, "self"),
                Objects.requireNonNull(resume, "resume"),
                true,
                Objects.requireNonNull(match, "match"));
    }

    @Override
    public boolean lendTo(Pid pid, Runnable deliver, BooleanSupplier done) {
        ProcessImpl p = pid.process;
        if (p == null || !Lending.claim(p)) {
            return false;
        }
        Lending.run(p, deliver, done);
        return true;
    }

    @Override
    public boolean leaveLentThread(ProcessContext self, ProcessBody resume) {
        return Lending.leave(
                (ProcessImpl) Objects.requireNonNull(self, "self"), Objects.requireNonNull(resume, "resume"));
    }

    @Override
    public <T> Optional<T> extension(Pid pid, Class<T> type) {
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(type, "type");
        ProcessImpl p = pid.process;
        if (p == null || !p.isAlive()) {
            return Optional.empty();
        }
        ProcessExtension extension = p.extension;
        return type.isInstance(extension) ? Optional.of(type.cast(extension)) : Optional.empty();
    }

    @Override
    public Optional<Node> nodeOf(Pid pid) {
        ProcessImpl p = Objects.requireNonNull(pid, "pid").process;
        return p == null || !p.isAlive() ? Optional.empty() : Optional.of(p.node);
    }

    @Override
    public boolean looksIdle(Pid pid) {
        ProcessImpl p = pid.process;
        return p != null && p.mailbox.looksEmpty() && p.isAlive();
    }

    @Override
    public void deliverAnswer(Pid pid, Object message) {
        Objects.requireNonNull(message, "message");
        ProcessImpl p = Objects.requireNonNull(pid, "pid").process;
        if (p != null) {
            p.deliverSystem(message);
        }
    }

    @Override
    public boolean isSelf(Pid pid) {
        ProcessImpl p = pid.process;
        return p != null && p.thread == Thread.currentThread();
    }

    @Override
    public Optional<Pid> pidOf(Node node, Thread thread) {
        Objects.requireNonNull(thread, "thread");
        for (ProcessImpl p : node.processes) {
            if (p.thread == thread) {
                return Optional.of(p.pid);
            }
        }
        return Optional.empty();
    }

    @Override
    public Optional<Pid> borrower() {
        Lending.Frame f = Lending.current();
        return f == null ? Optional.empty() : Optional.of(f.borrower.pid);
    }

    @Override
    public void stopFirstOnClose(Node node, Pid pid) {
        Objects.requireNonNull(pid, "pid");
        ProcessImpl p = pid.process;
        if (p == null || !node.processes.contains(pid)) {
            throw new NoProcException(pid, "stop first on close");
        }
        node.closing.stopFirst(p);
    }

    @Override
    @SuppressWarnings("unchecked") // each slot holds only values of its key's type
    public <T> T service(Node node, Class<T> key, Function<@Nullable T, T> update) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(update, "update");
        if (node.isClosed()) {
            throw new NodeClosedException(node.name());
        }
        return (T) node.services.compute(key, (k, old) -> key.cast(update.apply(key.cast(old))));
    }

    @Override
    public <T> Optional<T> service(Node node, Class<T> key) {
        return Optional.ofNullable(node.services.get(key)).map(key::cast);
    }

    @Override
    public <T> void removeService(Node node, Class<T> key, T value) {
        node.services.remove(key, value);
    }

    // ------------------------------------------------------------------ the remote seam

    @Override
    public void route(Node node, RemoteRoute route) {
        node.route(route);
    }

    @Override
    public void unroute(Node node) {
        node.route(Unrouted.INSTANCE);
    }

    @Override
    public int creation(Node node) {
        return node.creation();
    }

    @Override
    public int creation(Pid pid) {
        return pid.creation();
    }

    @Override
    public Pid pid(Node node, String nodeName, int creation, long id) {
        Objects.requireNonNull(nodeName, "nodeName");
        Pid value = new Pid(nodeName, creation, id, null);
        if (value.sameNode(node.pid())) {
            ProcessImpl p = node.processes.get(value);
            if (p != null) {
                return p.pid;
            }
        }
        return value;
    }

    @Override
    public Pid origin(MonitorRef ref) {
        return ref.origin();
    }

    @Override
    public long id(MonitorRef ref) {
        return ref.id();
    }

    @Override
    public MonitorRef monitorRef(Pid target, Pid origin, long id) {
        return new MonitorRef(Objects.requireNonNull(target, "target"), Objects.requireNonNull(origin, "origin"), id);
    }

    @Override
    public void exitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink) {
        ProcessImpl p = to.process;
        if (p == null) {
            return;
        }
        if (viaLink && !Bonds.removeLink(p, from)) {
            return; // unlinked meanwhile: the linked process's exit no longer concerns this one
        }
        Signals.reach(p, from, reason, viaLink);
    }

    @Override
    public boolean linkFrom(Pid remote, Pid local) {
        ProcessImpl p = local.process;
        return p != null && Bonds.linkFrom(p, remote);
    }

    @Override
    public void unlinkFrom(Pid remote, Pid local) {
        ProcessImpl p = local.process;
        if (p != null) {
            Bonds.removeLink(p, remote);
        }
    }

    @Override
    public boolean monitorFrom(MonitorRef ref, Pid watcher, Pid target) {
        ProcessImpl p = target.process;
        return p != null && Bonds.monitorFrom(p, ref, watcher);
    }

    @Override
    public void demonitorFrom(MonitorRef ref, Pid target) {
        ProcessImpl p = target.process;
        if (p != null) {
            Bonds.monitorRemoved(p, ref);
        }
    }

    @Override
    public void down(MonitorRef ref, Pid watcher, ExitReason reason) {
        ProcessImpl w = watcher.process;
        if (w != null) {
            Bonds.fired(w, ref, reason);
        }
    }

    @Override
    public void nodeDown(Node node, String nodeName) {
        Objects.requireNonNull(nodeName, "nodeName");
        for (ProcessImpl p : node.processes) {
            Bonds.nodeDown(p, nodeName);
        }
    }

    @Override
    public void hooks(Node node, @Nullable ProcessHooks hooks) {
        Objects.requireNonNull(node, "node").hooks = hooks;
    }

    @Override
    public @Nullable ProcessHooks hooks(Node node) {
        return node.hooks;
    }

    @Override
    public @Nullable Object carried(ProcessContext self) {
        return owner(self, "carried").carried;
    }

    @Override
    public int mailboxLength(ProcessContext self) {
        return owner(self, "mailboxLength").mailbox.ownerSize();
    }

    @Override
    public Map<TimerRef, Object> timers(ProcessContext self) {
        ProcessImpl p = owner(self, "timers");
        Map<TimerRef, Object> pending = new LinkedHashMap<>();
        synchronized (p) {
            Relations r = p.relations;
            if (r != null && r.timers != null) {
                for (TimerRef timer : r.timers) {
                    pending.put(timer, timer.message());
                }
            }
        }
        return pending;
    }

    private static ProcessImpl owner(ProcessContext self, String what) {
        ProcessImpl p = (ProcessImpl) Objects.requireNonNull(self, "self");
        p.checkOwner(what);
        return p;
    }
}
