package io.otp4j.registry;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.StartException;
import io.otp4j.genserver.StartOptions;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.time.Deadline;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A registry's partition processes as one group: they start together, the first linked to the others (and to a
 * parent, if any), and stop together; and a pid hashes to the one partition that watches its registrations.
 */
final class Partitions<K, V> {

    private final Node node;
    private final String name;
    private final List<Partition<K, V>> list;

    Partitions(Registry<K, V> registry, Node node, String name, int count) {
        this.node = node;
        this.name = name;
        List<Partition<K, V>> partitions = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            partitions.add(new Partition<>(registry, this, i));
        }
        this.list = List.copyOf(partitions);
    }

    /** {@return the partition that watches {@code pid}'s registrations} */
    Partition<K, V> of(Pid pid) {
        int n = list.size();
        if (n == 1) {
            return list.get(0);
        }
        int h = pid.hashCode();
        return list.get(Math.floorMod(h ^ (h >>> 16), n));
    }

    /** {@return the partitions' pids, in partition order} */
    List<Pid> pids() {
        return list.stream().map(Partition::pid).toList();
    }

    int size() {
        return list.size();
    }

    /** Drops every partition's owner records: the registry has stopped. */
    void clearOwners() {
        list.forEach(p -> p.owners.clear());
    }

    /**
     * Starts the first partition, linked to {@code parent} if there is one; it starts the others in its {@code
     * init}. Returns once all run.
     */
    void start(@Nullable ProcessContext parent) {
        Partition<K, V> first = list.get(0);
        StartOptions start = startOptions(first);
        try {
            if (parent == null) {
                GenServer.start(node, first, start);
            } else {
                GenServer.startLink(parent, first, start);
            }
        } catch (StartException e) {
            if (e.reason().orElse(null) instanceof ExitReason.Crash(RuntimeException cause)) {
                throw cause; // a partition's name was taken, or the node is closing
            }
            throw e;
        }
    }

    private StartOptions startOptions(Partition<K, V> partition) {
        return StartOptions.defaults().withName(name + "/" + partition.index);
    }

    /**
     * Runs in the first partition's {@code init}: starts the other partitions, linked to it. If one cannot start,
     * those started are killed and the exception goes on.
     */
    void startOthers(ProcessContext first) {
        List<Pid> started = new ArrayList<>();
        try {
            for (Partition<K, V> p : list.subList(1, list.size())) {
                started.add(GenServer.startLink(first, p, startOptions(p)).pid());
            }
        } catch (RuntimeException e) {
            for (Pid partition : started) {
                first.unlink(partition); // so that its death does not come back to the first partition
                first.exit(partition, ExitReason.kill());
            }
            throw e;
        }
    }

    /**
     * Asks every partition to exit normally and waits, up to {@code wait} on the node's clock, until each is entirely
     * gone (its name free, its links and monitors told); {@return whether all were}
     */
    boolean stop(Duration wait) {
        for (Partition<K, V> p : list) {
            node.send(p.pid(), Partition.Stop.INSTANCE);
        }
        long deadline = Deadline.after(node.clock(), wait, "wait");
        for (Partition<K, V> p : list) {
            if (node.await(p.pid(), Duration.ofNanos(Deadline.remaining(node.clock(), deadline)))
                    .isEmpty()) {
                return false;
            }
        }
        return true;
    }
}
