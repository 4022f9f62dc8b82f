/**
 * Processes: lightweight, isolated, message-passing units of work, as in Erlang.
 *
 * <p>A process is a virtual thread running a {@link io.otp4j.process.ProcessBody} over its own mailbox.
 * It handles one message at a time and may block freely (I/O, sleeping, waiting on another process)
 * without holding up anyone else. Processes share nothing: they talk by {@code send} and {@code receive},
 * and they watch each other with links and monitors.
 *
 * <pre>
 *   Node ── spawn ──▶ Pid ◀── send ── any thread
 *                      │
 *                      ▼
 *             [ mailbox: m1 m2 m3 ] ── receive / receive(match) ──▶ body
 *                      │
 *       link ◀────────┴────────▶ monitor
 *   (exit signals both ways)   (one Down when it exits)
 * </pre>
 *
 * <h2>Example</h2>
 *
 * {@snippet class="io.otp4j.process.DocSnippetsTest" region="example"}
 *
 * It runs as a test, {@code DocSnippetsTest}, which checks each outcome the comments name.
 *
 * <h2>Semantics kept from Erlang</h2>
 *
 * <ul>
 *   <li>Messages from one process to another arrive in the order sent. Selective receive takes the first
 *       message that matches and leaves the rest in order.
 *   <li>An abnormal exit travels over links; a normal one does not. A process that traps exits gets
 *       {@link io.otp4j.process.Exit} messages instead. {@code kill} cannot be trapped and reaches links as
 *       {@code killed}.
 *   <li>A monitor delivers one {@link io.otp4j.process.Down}; on a dead process, at once with {@code noproc}.
 *   <li>A {@link io.otp4j.process.Pid} names its node and the node's incarnation: a pid of another node is
 *       used exactly like a local one once the node is in a cluster, and a link or monitor to a process of a
 *       node that is lost, or not connected, fires with {@code noconnection}. A pid of an earlier life of a node
 *       is dead ({@code noproc}), never someone else's.
 *   <li>Names are unique per node and go away with their process.
 *   <li>A cancelled timer's message never arrives; a process's timers go away with it.
 *   <li>{@link io.otp4j.process.ProcessContext#hibernate hibernate} drops a waiting process's stack: its thread
 *       ends, and the next message or exit signal resumes it on a new one with the body it named ({@code
 *       erlang:hibernate/3}). A hibernating process costs a few hundred bytes.
 * </ul>
 *
 * <h2>Where it differs</h2>
 *
 * <ul>
 *   <li>Messages are passed by reference, never copied: they must be immutable. Large messages cost nothing
 *       to send, unlike on the BEAM.
 *   <li>Mailboxes may be bounded, with a policy chosen at spawn ({@link io.otp4j.process.MailboxConfig}).
 *   <li>An exit signal takes effect at the process's next receive or blocking call: a JVM thread cannot be
 *       stopped in the middle of plain computation.
 *   <li>A process may hold several registered names.
 *   <li>Code that is not a process (a {@code main}, a test) can wait for one to end with {@link
 *       io.otp4j.process.Node#await Node.await}, which gives the exit reason, also once the process has gone.
 *   <li>A dead process keeps only its exit reason: a pid kept after the exit keeps neither the process's body
 *       nor what its mailbox held.
 * </ul>
 *
 * <h2>For otp4j's own modules</h2>
 *
 * <p>{@code io.otp4j.process.spi}, exported only to otp4j's modules, is the plumbing they build on: spawning
 * with an extension that sees the exit, per-node services, and the one route through which everything aimed at
 * a pid of another node travels (ADR 21). Nothing there is for users.
 */
@NullMarked
package io.otp4j.process;

import org.jspecify.annotations.NullMarked;
