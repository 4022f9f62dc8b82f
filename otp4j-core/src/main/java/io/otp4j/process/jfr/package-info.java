/**
 * otp4j's JDK Flight Recorder events (category {@code otp4j}): spawn, exit, supervisor restart, call timeout,
 * mailbox high water and slow handler. Not exported: a recording enables them by name ({@code otp4j.Spawn}, ...).
 */
@NullMarked
package io.otp4j.process.jfr;

import org.jspecify.annotations.NullMarked;
