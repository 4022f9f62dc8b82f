package io.otp4j.cluster;

import io.otp4j.cluster.ClusterEntry.EntryId;
import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * One node's view of a {@link ClusterRegistry}: every node's entries, written by the node's registry server only,
 * and published in concurrent maps that any thread reads without a message or a lock. A key's entries are kept
 * {@linkplain ClusterEntry#EARLIEST_FIRST earliest first}, so every node that holds the same entries lists them in
 * the same order. Each change is told to the listeners as it is made.
 */
final class RegistryView {

    /** Published: the entries of each key, earliest first, as an immutable list. */
    final Map<Object, List<ClusterEntry<?, ?>>> byKey = new ConcurrentHashMap<>();

    /** Published: the keys of each registrant, a key once per entry. */
    final Map<Pid, List<Object>> byPid = new ConcurrentHashMap<>();

    private volatile int count;

    // The server's own, on its thread only.
    private final Map<String, Map<EntryId, ClusterEntry<?, ?>>> byNode = new HashMap<>();
    private final String registry;
    private final Consumer<ClusterRegistryEvent> events;

    RegistryView(String registry, Consumer<ClusterRegistryEvent> events) {
        this.registry = registry;
        this.events = events;
    }

    /** {@return how many entries the view holds} */
    int count() {
        return count;
    }

    /** {@return the entry of that identity, if the view holds it} */
    @Nullable
    ClusterEntry<?, ?> get(EntryId id) {
        Map<EntryId, ClusterEntry<?, ?>> entries = byNode.get(id.node());
        return entries == null ? null : entries.get(id);
    }

    /** {@return the entries {@code node} owns, in the order registered} */
    List<ClusterEntry<?, ?>> owned(String node) {
        return List.copyOf(byNode.getOrDefault(node, Map.of()).values());
    }

    /** {@return the keys held by more than one entry} */
    Set<Object> contested() {
        Set<Object> keys = new HashSet<>();
        byKey.forEach((key, entries) -> {
            if (entries.size() > 1) {
                keys.add(key);
            }
        });
        return keys;
    }

    /** Adds {@code entry}; {@return false if the view holds it already} */
    boolean add(ClusterEntry<?, ?> entry) {
        Map<EntryId, ClusterEntry<?, ?>> entries = byNode.computeIfAbsent(entry.node(), n -> new LinkedHashMap<>());
        if (entries.putIfAbsent(entry.id(), entry) != null) {
            return false;
        }
        List<ClusterEntry<?, ?>> under = new ArrayList<>(byKey.getOrDefault(entry.key(), List.of()));
        under.add(entry);
        under.sort(ClusterEntry.EARLIEST_FIRST);
        byKey.put(entry.key(), List.copyOf(under));
        List<Object> keys = new ArrayList<>(byPid.getOrDefault(entry.pid(), List.of()));
        keys.add(entry.key());
        byPid.put(entry.pid(), List.copyOf(keys));
        count++;
        events.accept(new ClusterRegistryEvent.Registered(registry, entry.key(), entry.pid(), entry.value()));
        return true;
    }

    /** Removes the entry of {@code entry}'s identity; {@return the entry removed, or null if there was none} */
    @Nullable
    ClusterEntry<?, ?> remove(ClusterEntry<?, ?> entry) {
        Map<EntryId, ClusterEntry<?, ?>> entries = byNode.get(entry.node());
        if (entries == null) {
            return null;
        }
        ClusterEntry<?, ?> gone = entries.remove(entry.id());
        if (gone == null) {
            return null;
        }
        if (entries.isEmpty()) {
            byNode.remove(entry.node());
        }
        List<ClusterEntry<?, ?>> under = new ArrayList<>(byKey.getOrDefault(gone.key(), List.of()));
        under.removeIf(gone::sameAs);
        if (under.isEmpty()) {
            byKey.remove(gone.key());
        } else {
            byKey.put(gone.key(), List.copyOf(under));
        }
        List<Object> keys = new ArrayList<>(byPid.getOrDefault(gone.pid(), List.of()));
        keys.remove(gone.key());
        if (keys.isEmpty()) {
            byPid.remove(gone.pid());
        } else {
            byPid.put(gone.pid(), List.copyOf(keys));
        }
        count--;
        events.accept(new ClusterRegistryEvent.Unregistered(registry, gone.key(), gone.pid()));
        return gone;
    }

    /** A node's full list: what it had and has no more goes, what it has now comes. */
    void replace(String node, List<ClusterEntry<?, ?>> now) {
        Set<EntryId> keep = new HashSet<>();
        for (ClusterEntry<?, ?> entry : now) {
            keep.add(entry.id());
        }
        for (ClusterEntry<?, ?> entry : owned(node)) {
            if (!keep.contains(entry.id())) {
                remove(entry);
            }
        }
        for (ClusterEntry<?, ?> entry : now) {
            add(entry);
        }
    }

    /** Every entry of {@code node} goes. */
    void drop(String node) {
        for (ClusterEntry<?, ?> entry : owned(node)) {
            remove(entry);
        }
    }
}
