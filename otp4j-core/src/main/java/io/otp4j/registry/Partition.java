package io.otp4j.registry;

import io.otp4j.process.Down;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessBody;
import io.otp4j.process.ProcessContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.jspecify.annotations.Nullable;

/**
 * One partition of a registry: a process that monitors the registrants whose pids hash to it, and removes a
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
 */
final class Partition<K, V> implements ProcessBody {

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
    final int index;

    /** Registrants watched by this partition. */
    final ConcurrentHashMap<Pid, Owner<K, V>> owners = new ConcurrentHashMap<>();

    /** The partition's pid; set before the registry is handed out. */
    private volatile @Nullable Pid pid;

    /** Monitors by registrant; touched by the partition's own thread only. */
    private final Map<Pid, MonitorRef> monitors = new HashMap<>();

    Partition(Registry<K, V> registry, int index) {
        this.registry = registry;
        this.index = index;
    }

    void started(Pid pid) {
        this.pid = pid;
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
    public void run(ProcessContext self) {
        for (; ; ) {
            Object message = self.receive();
            if (message instanceof Watch(Pid registrant)) {
                if (!monitors.containsKey(registrant)) {
                    monitors.put(registrant, self.monitor(registrant));
                }
            } else if (message instanceof Down down) {
                if (monitors.remove(down.pid(), down.ref())) {
                    Owner<K, V> owner = owners.remove(down.pid());
                    if (owner != null) {
                        registry.cleanUp(owner);
                    }
                }
            } else if (message == Stop.INSTANCE) {
                self.exit(ExitReason.normal());
            }
            // Nothing else is sent here; a stray message is dropped.
        }
    }

    @Override
    public String toString() {
        return "partition " + index + " of " + registry;
    }
}
