package io.otp4j.cache;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live caches of one node, by their processes' pids: how {@link Cache#of} and {@link Cache#whereis} find a
 * cache from a pid. One per node, in the node's service slot, so it goes with its node; a cache enters it as
 * its process starts and leaves it as the process exits, both on the process's own thread.
 */
final class CacheDirectory {

    private static final Engine ENGINE = Engine.get();

    private final ConcurrentHashMap<Pid, Cache<?, ?>> caches = new ConcurrentHashMap<>();

    private CacheDirectory() {}

    /**
     * {@return the directory of {@code node}}, made with its first cache
     *
     * @throws io.otp4j.process.NodeClosedException if the node is closed
     */
    static CacheDirectory of(Node node) {
        return ENGINE.service(node, CacheDirectory.class, old -> old != null ? old : new CacheDirectory());
    }

    /** {@return the live cache whose process is {@code pid}, if there is one} */
    static Optional<Cache<?, ?>> find(Pid pid) {
        return ENGINE.nodeOf(pid)
                .flatMap(node -> ENGINE.service(node, CacheDirectory.class))
                .flatMap(directory -> Optional.ofNullable(directory.caches.get(pid)));
    }

    void add(Pid pid, Cache<?, ?> cache) {
        caches.put(pid, cache);
    }

    void remove(Pid pid, Cache<?, ?> cache) {
        caches.remove(pid, cache);
    }

    /** {@return how many caches the directory holds} (tests check that an exited cache left it) */
    int size() {
        return caches.size();
    }
}
