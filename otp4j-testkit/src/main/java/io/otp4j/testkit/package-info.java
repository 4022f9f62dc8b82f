/**
 * Testing otp4j programs: a manual clock, a test probe, a JUnit 5 extension, a synchronous harness for one
 * generic server, log capture and bounded waits.
 *
 * <ul>
 *   <li>{@link io.otp4j.testkit.ManualClock} replaces the system clock of a {@link io.otp4j.process.Node}: time
 *       stands still until the test advances it, and every timer and receive timeout due by then fires, in
 *       deadline order, before {@code advance} returns.
 *   <li>{@link io.otp4j.testkit.TestProbe} is a process the test speaks through and asserts on: it sends,
 *       monitors, links and traps exits as a process does, and {@code expectMessage}, {@code expectDown}, {@code
 *       expectExit} and {@code expectNoMessage} check what it received, with bounded real-time waits. A failed
 *       expectation is a {@link io.otp4j.testkit.ProbeAssertionError} saying what was expected and what came.
 *   <li>{@link io.otp4j.testkit.OtpExtension} (or {@link io.otp4j.testkit.OtpTest @OtpTest}) gives each test its
 *       own node as a parameter, on a {@code ManualClock} if the test asks for one too, and closes it after the
 *       test, failing the test if a process outlives the close.
 *   <li>{@link io.otp4j.testkit.GenServerHarness} runs one {@link io.otp4j.genserver.GenServer}'s callbacks step
 *       by step, in lockstep with the test, and records each {@link io.otp4j.testkit.Effect}: replies (at once or
 *       deferred), timers set and cancelled, continues, inactivity timeouts, info messages, the stop. Its clock
 *       is a {@code ManualClock}: {@code advance} fires the server's timers in order.
 *   <li>{@link io.otp4j.testkit.LogCapture} catches what otp4j logs during a test, for one node or all, as
 *       {@link io.otp4j.testkit.LogEntry LogEntries} with their report's fields ({@code pid}, {@code name},
 *       {@code state}, {@code reason}, ...): a test asserts that a crash report was written, and what it says.
 *   <li>{@link io.otp4j.testkit.Eventually} waits, at most a bound, for what other processes make true.
 * </ul>
 *
 * <pre>
 *   test ── advance(5s) ──▶ ManualClock ── runs due actions in order ──▶ timers fire, timeouts expire
 *   test ── send / watch / link ──▶ TestProbe (a process) ── what it receives ──▶ queue ◀── expect… (bounded)
 * </pre>
 *
 * <h2>Example</h2>
 *
 * {@snippet class="io.otp4j.testkit.PackageExampleTest" region="example"}
 *
 * These are the tests of {@code PackageExampleTest}, taken from it, so the example keeps working.
 */
@NullMarked
package io.otp4j.testkit;

import org.jspecify.annotations.NullMarked;
