/**
 * Micrometer meters for otp4j. {@link io.otp4j.micrometer.Otp4jMetrics#bind} binds a node's meters to a
 * {@code MeterRegistry}: processes alive, mailbox length and messages handled per named server, call latency by
 * server and outcome, supervisor restarts and process crashes. {@link io.otp4j.micrometer.CacheMetrics#bind}
 * binds an otp4j cache's statistics under Micrometer's cache meter names.
 *
 * <p>Meter names follow Micrometer's conventions: dotted lower-case names under {@code otp4j.}, base units, and
 * tags of bounded cardinality (server names only for registered servers, up to a limit).
 */
@NullMarked
package io.otp4j.micrometer;

import org.jspecify.annotations.NullMarked;
