/**
 * {@code System.Logger} to SLF4J, with the fields of otp4j's reports as SLF4J key-value pairs; see {@link
 * io.otp4j.slf4j.Slf4jLoggerFinder}.
 */
@NullMarked
package io.otp4j.slf4j;

import org.jspecify.annotations.NullMarked;
