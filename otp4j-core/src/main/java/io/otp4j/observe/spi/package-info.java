/**
 * The plumbing of {@code io.otp4j.observe} for otp4j's own layers: the installed observers and carriers as a
 * snapshot the generic server, the supervisors and a cluster transport report through, and a sender's captured
 * context. Exported only to otp4j's modules, never part of the user API.
 */
@NullMarked
package io.otp4j.observe.spi;

import org.jspecify.annotations.NullMarked;
