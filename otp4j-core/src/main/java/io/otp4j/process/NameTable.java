package io.otp4j.process;

import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A node's registered names (Erlang's {@code register/2}, {@code whereis/1}): each name to one live local
 * process. A process's names are also kept in its {@link Relations}, so they go away with it.
 */
@SuppressWarnings("ReferenceEquality") // processes are compared by identity: one object per live process
final class NameTable {

    private final ConcurrentHashMap<String, ProcessImpl> names = new ConcurrentHashMap<>();

    /** Registers {@code name} for {@code p}; throws if it is dead or the name is taken. */
    void register(String name, ProcessImpl p) {
        synchronized (p) {
            if (p.dead) {
                throw new NoProcException(p.pid, "register a name for");
            }
            ProcessImpl holder = names.putIfAbsent(name, p);
            if (holder != null) {
                // As Erlang's register/2: a name in use is an error, even when this process holds it.
                throw new NameTakenException(name, holder.pid);
            }
            p.relations().names().add(name);
            ThreadNames.renameLocked(p);
        }
    }

    boolean unregister(String name) {
        Objects.requireNonNull(name, "name");
        ProcessImpl p = names.remove(name);
        if (p == null) {
            return false;
        }
        synchronized (p) {
            Relations r = p.relations;
            if (r != null && r.names != null) {
                r.names.remove(name);
                ThreadNames.renameLocked(p);
            }
        }
        return true;
    }

    Optional<ProcessImpl> whereis(String name) {
        Objects.requireNonNull(name, "name");
        return Optional.ofNullable(names.get(name));
    }

    Set<String> registered() {
        return Set.copyOf(names.keySet());
    }

    /** The process {@code p}, which held {@code name}, has exited. */
    void gone(String name, ProcessImpl p) {
        names.remove(name, p);
    }
}
