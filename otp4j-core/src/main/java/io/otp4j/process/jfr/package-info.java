/**
 * otp4j's JDK Flight Recorder events (category {@code otp4j}): spawn, exit, supervisor restart, call timeout,
 * mailbox high water and slow handler. Not exported: a recording names them ({@code otp4j.Spawn}, ...). Spawn, exit
 * and slow handler are off until a recording enables them; the others are on in a recording that does not name them.
 */
@NullMarked
package io.otp4j.process.jfr;

import org.jspecify.annotations.NullMarked;
