package io.otp4j.supervisor;

import io.otp4j.process.Pid;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A supervisor's bookkeeping of its children: their records in start order, by key, and the running ones by pid,
 * kept in step. Its one counter hands out dynamic children's keys and restart tokens, so that neither repeats.
 * Used by the supervisor's own process only.
 */
final class Children {

    /** In start order: the order they start in, and the reverse of the order they stop in. */
    private final LinkedHashMap<String, Child> byKey = new LinkedHashMap<>();

    /** The running children, to find the one an {@code Exit} comes from. */
    private final HashMap<Pid, Child> byPid = new HashMap<>();

    private long sequence;

    /** {@return a number never handed out before, for a key or a restart token} */
    long next() {
        return ++sequence;
    }

    @Nullable
    Child get(String key) {
        return byKey.get(key);
    }

    /** {@return the running child {@code pid}, if it is one} */
    @Nullable
    Child running(Pid pid) {
        return byPid.get(pid);
    }

    boolean contains(Child child) {
        return byKey.containsKey(child.key);
    }

    void add(Child child) {
        byKey.put(child.key, child);
    }

    void remove(Child child) {
        byKey.remove(child.key);
    }

    /** Records that {@code child} runs as {@code pid}. */
    void started(Child child, Pid pid) {
        child.pid = pid;
        byPid.put(pid, child);
    }

    /** Forgets the process of the child that ran as {@code pid}; {@return that child, or null if none did} */
    @Nullable
    Child stopped(Pid pid) {
        Child child = byPid.remove(pid);
        if (child != null) {
            child.pid = null;
        }
        return child;
    }

    /** {@return every child, in start order: a copy, which stays as it is while children come and go} */
    List<Child> all() {
        return new ArrayList<>(byKey.values());
    }

    /** {@return {@code child} and the ones started after it, in start order} */
    List<Child> from(Child child) {
        List<Child> after = new ArrayList<>();
        boolean found = false;
        for (Child c : byKey.values()) {
            found |= c == child;
            if (found) {
                after.add(c);
            }
        }
        return after;
    }

    int size() {
        return byKey.size();
    }

    /** Whether no significant child runs or waits for a restart: auto shutdown's {@code all_significant}. */
    boolean noSignificantLeft() {
        return byKey.values().stream().noneMatch(c -> c.spec.significant() && (c.pid != null || c.restarting));
    }

    List<ChildInfo> which() {
        return byKey.values().stream().map(Child::info).toList();
    }

    ChildCounts counts() {
        int active = 0;
        int supervisors = 0;
        for (Child child : byKey.values()) {
            active += child.pid != null ? 1 : 0;
            supervisors += child.spec.type() == ChildType.SUPERVISOR ? 1 : 0;
        }
        return new ChildCounts(byKey.size(), active, supervisors, byKey.size() - supervisors);
    }
}
