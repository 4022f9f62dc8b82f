/**
 * Durable state for generic servers.
 *
 * <p>A durable server is a {@link io.otp4j.genserver.GenServer} whose state survives crashes and restarts. Two
 * styles:
 *
 * <ul>
 *   <li>{@link DurableGenServer}, state snapshots: after each callback the new state, when it changed, is stored
 *       before the reply is sent and before the next message is taken; on start the stored state is loaded before
 *       {@link DurableGenServer#init(io.otp4j.process.ProcessContext, Object)} sees it;
 *   <li>{@link EventSourcedServer}, event sourcing: callbacks decide events; they are appended, then applied, and
 *       replayed on start from the latest snapshot, taken every N events.
 * </ul>
 *
 * <p>{@link Durable} wraps either as a plain generic server, to start directly or under any supervisor. The state
 * goes to a {@link DurableStore}: {@link SqlStore#sqlite} (embedded, no setup) or {@link SqlStore#postgresql}. A
 * store's writes from many servers in the same instant share one durable flush (group commit). While its write
 * commits, a server awaits the store's answer as its next message ({@link io.otp4j.genserver.Results#awaiting}): the
 * messages that come meanwhile wait, in order, and a pooled server holds no thread. Each start of an
 * identity claims a new incarnation; a write by an older one is refused with a {@link StaleWriteException}.
 * Stored records carry a {@link Schema} version, and upcasters migrate old versions on load.
 */
@NullMarked
package io.otp4j.persistence;

import org.jspecify.annotations.NullMarked;
