package io.otp4j.genserver;

import io.otp4j.internal.Spinning;

/**
 * How long a caller or a starter polls for its answer before parking; see the process layer's receive for the
 * reasoning. A caller polls only when the server was idle as it sent (see {@code From#serverWasIdle}).
 */
final class Spin {

    /**
     * The most a caller spins before parking: 128 on several carriers of the JDK's scheduler, none on one (a
     * spinning caller would keep the only carrier from the server) nor on otp4j's own; see {@link Spinning}.
     */
    static final int SPINS = Spinning.CALL;

    /**
     * How many times a caller on a virtual thread yields before it parks when the server was idle: 2 on several
     * carriers, where a yield lets a server woken on the caller's carrier answer
     * without waiting for the other carrier to wake; none on one, where a park costs less than a yield and the
     * server runs as soon as the caller parks.
     */
    static final int CALL_YIELDS = Integer.getInteger("otp4j.call.yields", SPINS > 0 ? 2 : 0);

    /**
     * How many times a starter on a virtual thread yields to the new process before a timed park on its init's
     * answer: the new process is usually on this carrier's queue and answers within one yield.
     */
    static final int START_YIELDS = Integer.getInteger("otp4j.start.yields", 2);

    /**
     * How many polls in a row may miss their reply before a server's callers stop polling (see {@code
     * ServerCore#callerPolls}).
     */
    static final byte CREDIT = 8;

    private Spin() {}
}
