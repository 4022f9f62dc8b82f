/**
 * Where otp4j reads time from.
 *
 * <p>Every timer, receive timeout and blocking deadline in a {@link io.otp4j.process.Node} is measured on
 * that node's {@link io.otp4j.time.Clock}. In production it is {@link io.otp4j.time.Clock#system()}; tests
 * use the manual clock of {@code otp4j-testkit}, so a five-second timer fires the moment the test says five
 * seconds have passed, and not before.
 *
 * <pre>
 *   Node ──reads──▶ Clock.nanoTime()
 *        ──asks───▶ Clock.schedule(delay, action) ──(delay elapses)──▶ action runs
 * </pre>
 */
@NullMarked
package io.otp4j.time;

import org.jspecify.annotations.NullMarked;
