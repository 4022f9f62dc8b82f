/**
 * The side-by-side scenarios: the seed documents' workloads on otp4j, on Apache Pekko typed and (in {@code
 * otp4j-bench/beam/scenarios.exs}) on the BEAM, driven the same way and printed in one line format, so that
 * {@code otp4j-bench/scenarios} can run them interleaved and tabulate medians and ratios.
 *
 * <pre>
 *   Scenarios ──▶ Contender (OtpContender | PekkoContender) ──▶ Bench ──▶ Harness ──▶ ITER / RESULT lines
 *   scenarios.exs (BEAM) ─────────────────────────────────────────────────────────▶ ITER / RESULT lines
 *                                                            scenarios-report.py ◀──┘  table, goals, chart
 * </pre>
 *
 * <p>The remote workloads ({@code remote_*}) run between two OS processes on 127.0.0.1: {@link
 * io.otp4j.bench.scenario.RemoteScenarios} drives one {@link io.otp4j.bench.scenario.RemoteSide} ({@code OtpRemote}:
 * two otp4j nodes joined by otp4j-cluster; {@code JGroupsRemote}: bare JGroups on the same stack) whose second JVM
 * it starts and kills by its pid; {@code otp4j-bench/beam/remote.exs} does the same with two BEAM nodes.
 *
 * <p>Each workload is a {@link io.otp4j.bench.scenario.Bench}: set up once, then batches the {@link
 * io.otp4j.bench.scenario.Harness} times. Run one contender by hand:
 *
 * {@snippet lang = "sh" :
 * java -cp otp4j-bench/target/benchmarks.jar io.otp4j.bench.scenario.Scenarios otp4j --quick --only call_
 * }
 *
 * <p>A workload in Java, as {@code ScenariosTest} runs it:
 *
 * {@snippet :
 * try (Contender otp4j = new OtpContender(); Bench calls = otp4j.calls(4, 400)) {
 *     long nanos = calls.run();        // 4 client processes make 100 calls each on one counter
 * }
 * }
 */
@NullMarked
package io.otp4j.bench.scenario;

import org.jspecify.annotations.NullMarked;
