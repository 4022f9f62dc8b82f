package io.otp4j.process;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.ReentrantLock;
import org.jspecify.annotations.Nullable;

/**
 * The live processes of one node, by number: an open-addressed table of the processes themselves, with no entry
 * object per process. A map from pid to process spent a 32-byte entry on each, a tenth of a hibernated server.
 * Here a process costs its slot, about 11 bytes at the table's usual load.
 *
 * <p>Reads take no lock: {@link #get} probes the current slots and, before it answers, checks that no rebuild
 * replaced them meanwhile (else it probes again), so that it never answers from slots that a later write no longer
 * uses. Writes ({@link #put}, {@link #remove}) hold a lock; a removed process leaves a marker in its slot, which
 * the next put may take (a number is put once: no later slot can hold it) and which a rebuild drops. Iteration is
 * weakly consistent, as a concurrent map's: it sees every process put before it started and not removed before it
 * reached it, and may or may not see the others.
 */
final class ProcessTable implements Iterable<ProcessImpl> {

    /** What a removed process leaves in its slot, so that probes for the numbers after it go on. */
    private static final Object GONE = new Object();

    private static final int SMALLEST = 64;

    private final ReentrantLock writing = new ReentrantLock();

    /** A power of two in length; null slots end a probe. Replaced whole by a rebuild. */
    private volatile AtomicReferenceArray<Object> slots = new AtomicReferenceArray<>(SMALLEST);

    /** Slots that are not null: processes and markers. Guarded by {@link #writing}. */
    private int used;

    private volatile int size;

    /**
     * Adds a process, whose number must be new to this table.
     *
     * @param process the process; its {@link Pid#id()} is its key
     */
    void put(ProcessImpl process) {
        writing.lock();
        try {
            AtomicReferenceArray<Object> s = slots;
            if ((used + 1) * 2 > s.length()) {
                s = rebuild(s, size + 1);
            }
            int mask = s.length() - 1;
            for (int i = index(process.pid.id(), s.length()); ; i = (i + 1) & mask) {
                Object o = s.get(i);
                if (o == null || o == GONE) {
                    if (o == null) {
                        used++;
                    }
                    s.set(i, process);
                    size = size + 1;
                    return;
                }
            }
        } finally {
            writing.unlock();
        }
    }

    /**
     * Removes {@code process}, if this table holds it.
     *
     * @return whether it did
     */
    boolean remove(ProcessImpl process) {
        writing.lock();
        try {
            AtomicReferenceArray<Object> s = slots;
            int mask = s.length() - 1;
            for (int i = index(process.pid.id(), s.length()), n = 0; n <= mask; i = (i + 1) & mask, n++) {
                Object o = s.get(i);
                if (o == null) {
                    return false;
                }
                if (o == process) {
                    s.set(i, GONE);
                    size = size - 1;
                    return true;
                }
            }
            return false;
        } finally {
            writing.unlock();
        }
    }

    /** {@return the live process numbered {@code id}, or null} */
    @Nullable
    ProcessImpl get(long id) {
        while (true) {
            AtomicReferenceArray<Object> s = slots;
            ProcessImpl found = probe(s, id);
            if (s == slots) {
                return found;
            }
        }
    }

    /** {@return the live process whose pid is {@code pid} (this node's, with its creation), or null} */
    @Nullable
    ProcessImpl get(Pid pid) {
        ProcessImpl p = get(pid.id());
        return p != null && p.pid.equals(pid) ? p : null;
    }

    /** {@return whether the process of {@code pid} is in the table} */
    boolean contains(Pid pid) {
        return get(pid) != null;
    }

    /** {@return how many processes the table holds} */
    int size() {
        return size;
    }

    /** {@return whether the table holds no process} */
    boolean isEmpty() {
        return size == 0;
    }

    /** {@return the pids of the processes, in no particular order} */
    List<Pid> pids() {
        List<Pid> all = new ArrayList<>(size);
        for (ProcessImpl p : this) {
            all.add(p.pid);
        }
        return all;
    }

    /** Iterates over the processes of the slots as they are when it starts; see the class's note. */
    @Override
    public Iterator<ProcessImpl> iterator() {
        AtomicReferenceArray<Object> s = slots;
        return new Iterator<>() {
            private int at = -1;
            private @Nullable ProcessImpl next = advance();

            private @Nullable ProcessImpl advance() {
                while (++at < s.length()) {
                    if (s.get(at) instanceof ProcessImpl p) {
                        return p;
                    }
                }
                return null;
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public ProcessImpl next() {
                ProcessImpl p = next;
                if (p == null) {
                    throw new NoSuchElementException();
                }
                next = advance();
                return p;
            }
        };
    }

    private static @Nullable ProcessImpl probe(AtomicReferenceArray<Object> s, long id) {
        int mask = s.length() - 1;
        for (int i = index(id, s.length()), n = 0; n <= mask; i = (i + 1) & mask, n++) {
            Object o = s.get(i);
            if (o == null) {
                return null;
            }
            if (o instanceof ProcessImpl p && p.pid.id() == id) {
                return p;
            }
        }
        return null;
    }

    /**
     * Copies the live processes into slots a quarter full for {@code live} of them (never fewer than {@value
     * #SMALLEST}), and makes those the table's. Holding the lock.
     */
    private AtomicReferenceArray<Object> rebuild(AtomicReferenceArray<Object> old, int live) {
        int length = Math.max(SMALLEST, Integer.highestOneBit(Math.max(1, live) * 4 - 1) << 1);
        AtomicReferenceArray<Object> fresh = new AtomicReferenceArray<>(length);
        int mask = length - 1;
        int count = 0;
        for (int j = 0; j < old.length(); j++) {
            if (old.get(j) instanceof ProcessImpl p) {
                int i = index(p.pid.id(), length);
                while (fresh.get(i) != null) {
                    i = (i + 1) & mask;
                }
                fresh.set(i, p);
                count++;
            }
        }
        used = count;
        slots = fresh;
        return fresh;
    }

    /** Fibonacci hashing: numbers given out one after another land far apart. */
    private static int index(long id, int length) {
        return (int) ((id * 0x9E3779B97F4A7C15L) >>> (64 - Integer.numberOfTrailingZeros(length)));
    }
}
