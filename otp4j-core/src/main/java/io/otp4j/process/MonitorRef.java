package io.otp4j.process;

import org.jspecify.annotations.Nullable;

/**
 * The reference of one monitor; it names the monitor in {@link Down}. Unique in the cluster: it carries the
 * node that made it (its incarnation included) and a number unique within that node.
 */
public final class MonitorRef {

    private final Pid target;
    /** The pseudo-pid of the node that made the reference ({@link Node#pid()}). */
    private final Pid origin;

    private final long id;

    MonitorRef(Pid target, Pid origin, long id) {
        this.target = target;
        this.origin = origin;
        this.id = id;
    }

    /** {@return the monitored process} */
    public Pid target() {
        return target;
    }

    /** {@return the pseudo-pid of the node that made this reference} */
    Pid origin() {
        return origin;
    }

    /** {@return the reference's number, unique within its {@link #origin()}} */
    long id() {
        return id;
    }

    @Override
    public boolean equals(@Nullable Object other) {
        return other instanceof MonitorRef that
                && id == that.id
                && target.equals(that.target)
                && origin.equals(that.origin);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(id);
    }

    @Override
    public String toString() {
        return "#MonitorRef<" + id + " on " + target + ">";
    }
}
