package io.otp4j.genserver;

/**
 * A server's counters, as {@link Sys#statistics} reports them (in the spirit of {@code sys:statistics/2}).
 *
 * <p>As in OTP, the counts of handled messages are kept only while collection is on ({@link
 * Sys#statistics(GenServerRef, boolean)}), so that a server pays for them only when someone asks; they start
 * from zero when it is turned on. Skipped calls and dropped unexpected messages are always counted.
 *
 * @param collecting whether the message counts are being collected (else they are zero)
 * @param calls calls handled
 * @param casts casts handled
 * @param infos other messages handled
 * @param continues continues run
 * @param skippedCalls calls skipped because their caller had already given up
 * @param unexpectedInfos messages the default {@code handleInfo} logged and dropped
 */
public record Statistics(
        boolean collecting,
        long calls,
        long casts,
        long infos,
        long continues,
        long skippedCalls,
        long unexpectedInfos) {}
