/**
 * The seed documents' programs built on otp4j, each danger next to its cure, and the demo the README runs ({@link
 * io.otp4j.examples.Demo}, {@code ./demo}).
 *
 * <pre>
 *   danger                                  cure
 *   one server serializes every check       RateLimiter ──▶ ShardedRateLimiter (PartitionSupervisor by key hash)
 *   slow sends block an urgent call         SingleMailer ──▶ PartitionedMailer (partitioned senders, urgent mail
 *                                                            in a task with a deferred reply)
 *   every read queues in one mailbox        MapServerCache ──▶ TableCache (readers read a table on their threads)
 *   bad input                               Parsers: crash, and the supervisor restarts the worker
 *   a slow init stalls a supervisor         Catalog: IN_INIT ──▶ IN_CONTINUE (load in handleContinue)
 * </pre>
 *
 * <h2>Example</h2>
 *
 * Every example is a client facade over a private server: callers use typed methods and never see a message.
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="facades"}
 *
 * Bad input crashes the worker that got it, and only it:
 *
 * {@snippet class="io.otp4j.examples.ExamplesDocSnippetsTest" region="crash"}
 *
 * {@code ExamplesDocSnippetsTest} runs these lines; each example has its own test too.
 *
 * <h2>The outside world</h2>
 *
 * No mail is sent and no database is read: {@link io.otp4j.examples.MailDelivery#simulated} and {@link
 * io.otp4j.examples.Catalog#simulatedSource} wait on the node's clock, so a test with a manual clock decides when
 * they finish.
 *
 * <h2>The ring</h2>
 *
 * <pre>
 *   Ring:  p0 ─▶ p1 ─▶ p2 ─▶ … ─▶ pN-1 ─┐
 *           ▲                           │   one token, passed hop by hop
 *           └───────────────────────────┘
 * </pre>
 *
 * <h2>The cluster demo</h2>
 *
 * {@code ./demo --cluster} ({@link io.otp4j.examples.ClusterDemo}) runs three nodes in three JVMs on 127.0.0.1,
 * the {@link io.otp4j.examples.RateLimiter}'s twelve shards children of one {@link
 * io.otp4j.cluster.DistributedSupervisor} on all three and called by name, and kills one JVM with {@code kill -9} a
 * third of the way through: its shards start again on the survivors, each exactly once.
 *
 * <p>See docs/demo.md for what the demo prints and how to read its figures, and ADR 17 for the decisions.
 */
@NullMarked
package io.otp4j.examples;

import org.jspecify.annotations.NullMarked;
