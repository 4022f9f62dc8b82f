package io.otp4j.genserver;

/**
 * A server's counters, as {@link Sys#statistics} reports them (in the spirit of {@code sys:statistics/2}).
 *
 * @param calls calls handled
 * @param casts casts handled
 * @param infos other messages handled
 * @param continues continues run
 * @param skippedCalls calls skipped because their caller had already given up
 * @param unexpectedInfos messages the default {@code handleInfo} logged and dropped
 */
public record Statistics(long calls, long casts, long infos, long continues, long skippedCalls, long unexpectedInfos) {}
