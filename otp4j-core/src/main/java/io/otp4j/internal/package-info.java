/**
 * Machinery under the process layer: mailboxes and the wake-up protocol between a process and its
 * senders, how long a process spins before it parks, and the carriers its thread runs on ({@link
 * io.otp4j.internal.Carriers}: the JDK's scheduler, or otp4j's own). Not exported; depends only on {@link
 * io.otp4j.time}.
 *
 * <pre>
 *   senders ──offer──▶ Mailbox ──poll / poll(match)──▶ owner (one virtual thread)
 *                         │  waiting flag + unpark
 *                         └───────────────────────────▶ wakes the owner when it sleeps
 * </pre>
 */
@NullMarked
package io.otp4j.internal;

import org.jspecify.annotations.NullMarked;
