/**
 * Testing otp4j programs.
 *
 * <p>{@link io.otp4j.testkit.ManualClock} replaces the system clock of a {@link io.otp4j.process.Node}:
 * time stands still until the test advances it, and every timer and receive timeout due by then fires, in
 * deadline order, before {@code advance} returns.
 *
 * <pre>
 *   test ── advance(5s) ──▶ ManualClock ── runs due actions in order ──▶ timers fire, timeouts expire
 * </pre>
 *
 * {@snippet :
 * ManualClock clock = new ManualClock();
 * try (Node node = Node.start("test", clock)) {
 *     TimerRef timer = node.sendAfter(pid, Duration.ofSeconds(5), "tick");
 *     clock.advance(Duration.ofSeconds(4));   // nothing yet
 *     clock.advance(Duration.ofSeconds(1));   // "tick" is in pid's mailbox
 * }
 * }
 */
@NullMarked
package io.otp4j.testkit;

import org.jspecify.annotations.NullMarked;
