package io.otp4j.registry;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.Results;
import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.ProcessExtension;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a registry: a server that monitors the registrants whose pids hash to it, and removes a
 * registrant's entries when it exits. It never sits on the path of a lookup or a registration: registrants
 * write the table themselves and only tell the partition, once per process, to watch them.
 *
 * <pre>
 *  registrant ── register ──▶ table (direct write) ─┐
 *      │ first key in this partition                 │ lookups read the table directly
 *      └── Watch(pid) ──▶ partition: monitor(pid) ──▶ Down ──▶ remove the pid's slots
 * </pre>
 *
 * <p>A registrant that dies before the partition gets to its {@code Watch} is still cleaned up: a monitor set on
 * a dead process fires at once with {@code noproc}.
 *
 * <p>A GenServer (crash reports, {@code Sys} and {@code formatStatus} come with it), whose state is its monitors
 * by registrant. It is also a {@link ProcessExtension}: the first partition to exit, however it exits, stops the
 * registry, whose entries can then no longer be kept up to date. The first partition starts the others, linked
 * to it, in its {@code init}.
 */
final class Partition<K, V> implements GenServer<Map<Pid, MonitorRef>, NoCall, NoCast>, ProcessExtension {

    /** Asks the partition to monitor a registrant. */
    record Watch(Pid pid) {}

    /** Asks the partition to exit normally. */
    enum Stop {
        INSTANCE
    }

    /**
     * The slots of one registrant. Written by the registrant while it lives, and by the partition once its
     * {@link Down} has arrived (the registrant's code has then stopped), so there is one writer at a time; read
     * by anyone, hence a concurrent set.
     */
    static final class Owner<K, V> {
        final Pid pid;
        final Set<Slot<K, V>> slots = ConcurrentHashMap.newKeySet();

        Owner(Pid pid) {
            this.pid = pid;
        }
    }

    private final Registry<K, V> registry;
    private final Partitions<K, V> group;
    final int index;

    /** Registrants watched by this partition. */
    final ConcurrentHashMap<Pid, Owner<K, V>> owners = new ConcurrentHashMap<>();

    /** The partition's pid; set before the registry is handed out. */
    private volatile @Nullable Pid pid;

    /** Set by init, on the partition's own thread, which alone uses it. */
    private @Nullable ProcessContext self;

    Partition(Registry<K, V> registry, Partitions<K, V> group, int index) {
        this.registry = registry;
        this.group = group;
        this.index = index;
    }

    Pid pid() {
        Pid p = pid;
        if (p == null) {
            throw new IllegalStateException("partition " + index + " of " + registry + " has not started");
        }
        return p;
    }

    /**
     * {@return the owner record of {@code registrant}, created on first use} The caller that creates it asks the
     * partition to watch the registrant.
     */
    Owner<K, V> owner(Pid registrant) {
        Owner<K, V> owner = owners.get(registrant);
        if (owner != null) {
            return owner;
        }
        Owner<K, V> fresh = new Owner<>(registrant);
        owner = owners.putIfAbsent(registrant, fresh);
        if (owner != null) {
            return owner;
        }
        registry.node().send(pid(), new Watch(registrant));
        return fresh;
    }

    @Override
    public Init<Map<Pid, MonitorRef>> init(ProcessContext self) {
        this.self = self;
        this.pid = self.self();
        if (index == 0) {
            try {
                group.startOthers(self);
            } catch (RuntimeException e) {
                // A partition's name was taken (or the node is closing): the starter gets the exception, and a
                // linked parent no exit signal, as for any failed start.
                return Init.stop(ExitReason.crash(e));
            }
        }
        return Init.ok(new HashMap<>());
    }

    @Override
    public Result<Map<Pid, MonitorRef>> handleInfo(Object message, Map<Pid, MonitorRef> monitors) {
        switch (message) {
            case Watch(Pid registrant) -> monitors.computeIfAbsent(registrant, Objects.requireNonNull(self)::monitor);
            case Down down -> {
                if (monitors.remove(down.pid(), down.ref())) {
                    Owner<K, V> owner = owners.remove(down.pid());
                    if (owner != null) {
                        registry.cleanUp(owner);
                    }
                }
            }
            case Stop stop -> {
                return Results.stop(ExitReason.normal(), monitors);
            }
            default -> {
                // Nothing else is sent here; a stray message is dropped.
            }
        }
        return Results.noReply(monitors);
    }

    @Override
    public Object formatStatus(Map<Pid, MonitorRef> monitors) {
        return this + ": " + monitors.size() + " registrant(s) watched";
    }

    @Override
    public void exiting(Pid pid, ExitReason reason) {
        registry.stopped();
    }

    @Override
    public String toString() {
        return "partition " + index + " of " + registry;
    }
}
