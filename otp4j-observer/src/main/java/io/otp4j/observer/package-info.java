/**
 * The dashboard: {@link io.otp4j.observer.Observer} serves pages (plain HTML, JavaScript and CSS from this
 * module's resources) and a small JSON and server-sent-events API that the pages read. Sorting and paging happen
 * on the server, so the processes page stays fast with a million processes. Actions (kill, suspend, resume,
 * trace) need the observer's token.
 */
@NullMarked
package io.otp4j.observer;

import org.jspecify.annotations.NullMarked;
