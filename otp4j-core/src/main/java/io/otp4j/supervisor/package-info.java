/**
 * Supervision trees: Erlang's {@code supervisor}, Elixir's {@code DynamicSupervisor} and {@code
 * PartitionSupervisor}, and restart back-off beyond OTP.
 *
 * <p>Let it crash, and come back: a supervisor starts its children, watches them through links (it traps exits),
 * restarts them when they fail, and stops them in order. Supervisors supervise supervisors, so a whole application
 * is a tree that starts top-down and stops bottom-up.
 *
 * <pre>
 *              app (one_for_one)
 *             /                \
 *      db (rest_for_one)     sessions (DynamicSupervisor)
 *       /        \              |   |   |
 *    pool      writer        session session …
 * </pre>
 *
 * <h2>Example</h2>
 *
 * The tree above, with a session started under the dynamic supervisor:
 *
 * {@snippet class="io.otp4j.supervisor.PackageExampleTest" region="tree"}
 *
 * A child that dies is restarted as its supervisor's strategy says. The writer is the last of db's children, so
 * rest_for_one restarts it alone, under its name:
 *
 * {@snippet class="io.otp4j.supervisor.PackageExampleTest" region="restart"}
 *
 * Stopping a supervisor stops its children in reverse start order, each subtree bottom-up:
 *
 * {@snippet class="io.otp4j.supervisor.PackageExampleTest" region="stop"}
 *
 * The example is {@code PackageExampleTest} in this package's tests, which checks each of these steps.
 *
 * <h2>Children</h2>
 *
 * A {@link io.otp4j.supervisor.ChildSpec} says how to start a child (a {@link io.otp4j.genserver.GenServer}, a
 * nested supervisor, or any process through a {@link io.otp4j.supervisor.ChildStart}), when to restart it ({@link
 * io.otp4j.supervisor.Restart}), how to stop it ({@link io.otp4j.supervisor.Shutdown}), and whether its exit may
 * shut the supervisor down ({@link io.otp4j.supervisor.AutoShutdown}).
 *
 * <h2>Restarts</h2>
 *
 * The {@link io.otp4j.supervisor.Strategy} says which siblings restart with a failed child; the intensity of {@link
 * io.otp4j.supervisor.SupervisorFlags} says how many restarts a period allows before the supervisor gives up, stops
 * its children and exits with {@code shutdown} (its own supervisor then decides). OTP restarts at once; a {@link
 * io.otp4j.supervisor.Backoff} spaces restarts out, with jitter, which keeps a tree alive through an outage of
 * something its children depend on ({@code docs/adr/0007-supervisor-restart-backoff.md}).
 *
 * <h2>Partitions</h2>
 *
 * A single GenServer is a point of serialization. A {@link io.otp4j.supervisor.PartitionSupervisor} runs N copies
 * and routes each request by a stable hash of a key, so that requests for one key stay in order on one partition
 * while different keys proceed in parallel.
 *
 * <h2>Node shutdown</h2>
 *
 * Closing a node stops the trees started with {@code start}/{@code startLink} first, one at a time, each in its own
 * shutdown order, and only then the remaining processes.
 */
@NullMarked
package io.otp4j.supervisor;

import org.jspecify.annotations.NullMarked;
