/**
 * Observing a node as it runs: hooks for metrics and dashboards, and context carried with messages.
 *
 * <pre>
 *   spawn ─────────────► ProcessObserver.spawned        (spawning thread)
 *   exit ──────────────► ProcessObserver.exited         (the process's thread)
 *   handleCall/Cast/… ─► ProcessObserver.handled        (the server's thread)
 *   call returns ──────► ProcessObserver.callFinished   (the caller's thread)
 *   supervisor restart ► ProcessObserver.childRestarted (the supervisor's thread)
 *
 *   call/cast/send ── ContextCarrier.capture ──► message ──► ContextCarrier.attach ── handler ── close
 * </pre>
 *
 * <p>Install on a node with {@link io.otp4j.observe.Observation#of(io.otp4j.process.Node)}. While nothing is
 * installed a node pays one volatile read per spawn, send, call and handled message. The same node also emits JDK
 * Flight Recorder events in the category {@code otp4j}, off unless a recording enables them: see {@code
 * docs/adr/0031-observation-hooks.md} for their names and settings.
 */
@NullMarked
package io.otp4j.observe;

import org.jspecify.annotations.NullMarked;
