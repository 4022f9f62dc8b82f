package io.otp4j.internal;

/**
 * When otp4j polls before it parks: the one test of how many carrier threads run virtual threads, and the spin
 * counts that follow from it.
 *
 * <p>Spinning pays when the party that will answer runs on another carrier and answers quickly (a
 * request/response exchange); with one carrier it only delays that party, which needs the carrier the spinner
 * holds, so every count here is zero there. Each count can be overridden by its system property.
 */
public final class Spinning {

    /** Whether virtual threads run on more than one carrier ({@code jdk.virtualThreadScheduler.parallelism}). */
    public static final boolean SEVERAL_CARRIERS = Integer.getInteger(
                    "jdk.virtualThreadScheduler.parallelism",
                    Runtime.getRuntime().availableProcessors())
            > 1;

    /** How many times an empty receive polls before parking ({@code otp4j.receive.spins}). */
    public static final int RECEIVE = count("otp4j.receive.spins", 64);

    /** The most a caller polls for its reply before parking ({@code otp4j.call.spins}). */
    public static final int CALL = count("otp4j.call.spins", 128);

    private Spinning() {}

    /** {@return the count set by {@code property}, else {@code severalCarriers} on several carriers and 0 on one} */
    public static int count(String property, int severalCarriers) {
        return Integer.getInteger(property, SEVERAL_CARRIERS ? severalCarriers : 0);
    }
}
