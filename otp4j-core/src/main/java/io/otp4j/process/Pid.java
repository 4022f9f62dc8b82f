package io.otp4j.process;

import org.jspecify.annotations.Nullable;

/**
 * The identity of a process: a value with a node part and a number, like Erlang's {@code <0.42.0>}.
 *
 * <p>Two pids are equal when they name the same process of the same node incarnation. A pid stays valid
 * after its process exits: sending to it is then a no-op, and linking or monitoring it reports
 * {@link ExitReason#noproc()}. Printed as {@code <node.42>}.
 */
public final class Pid implements Comparable<Pid> {

    private final String node;
    private final int creation;
    private final long id;

    /** The local process this pid names, for a direct hand-off; null for the node's own pseudo-pid. */
    final @Nullable ProcessImpl process;

    Pid(String node, int creation, long id, @Nullable ProcessImpl process) {
        this.node = node;
        this.creation = creation;
        this.id = id;
        this.process = process;
    }

    /** {@return the name of the node the process runs on} */
    public String node() {
        return node;
    }

    /** {@return the incarnation of the node the process runs on} (Erlang's "creation") */
    int creation() {
        return creation;
    }

    /** {@return whether {@code other} names a process of the same node incarnation as this one} */
    boolean sameNode(Pid other) {
        return creation == other.creation && node.equals(other.node);
    }

    /** {@return the process's number, unique within its node} */
    public long id() {
        return id;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof Pid that && id == that.id && creation == that.creation && node.equals(that.node);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id) * 31 + creation;
    }

    @Override
    public int compareTo(Pid other) {
        int byNode = node.compareTo(other.node);
        if (byNode != 0) {
            return byNode;
        }
        int byCreation = Integer.compare(creation, other.creation);
        return byCreation != 0 ? byCreation : Long.compare(id, other.id);
    }

    @Override
    public String toString() {
        return "<" + node + "." + id + ">";
    }
}
