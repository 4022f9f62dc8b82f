/**
 * The process layer's plumbing for otp4j's own modules: exported only to them, never part of the user API.
 *
 * <pre>
 *   genserver · registry · table · cache · cluster
 *        │  spawn with a {@link io.otp4j.process.spi.ProcessExtension}, find it again from a pid,
 *        │  per-node services, stop-first on close, is-this-my-thread
 *        ▼
 *   {@link io.otp4j.process.spi.Engine} ──── implemented by the process layer
 *        │
 *        └── pid of another node? ──► {@link io.otp4j.process.spi.RemoteRoute} (a cluster transport)
 * </pre>
 *
 * <p>It is a sub-package of {@code io.otp4j.process} only so that its export can be limited: it is the same
 * layer. The engine and its route are how a cluster plugs into the core without the core depending on it: every
 * message or signal aimed at a pid whose node is not this one goes through one {@link
 * io.otp4j.process.spi.RemoteRoute}.
 */
@NullMarked
package io.otp4j.process.spi;

import org.jspecify.annotations.NullMarked;
