package io.otp4j.genserver;

/** How long a caller polls for its reply before parking; see the process layer's receive for the reasoning. */
final class Spin {

    static final int SPINS = Integer.getInteger(
            "otp4j.call.spins",
            Integer.getInteger(
                                    "jdk.virtualThreadScheduler.parallelism",
                                    Runtime.getRuntime().availableProcessors())
                            > 1
                    ? 128
                    : 0);

    /** How many times a caller on a virtual thread yields to a just-woken server before a timed park. */
    static final int YIELDS = Integer.getInteger("otp4j.call.yields", 2);

    private Spin() {}
}
