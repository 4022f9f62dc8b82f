/**
 * Programs built on otp4j. {@link io.otp4j.examples.Demo} is what the README's run command starts.
 *
 * <pre>
 *   Ring:  p0 ─▶ p1 ─▶ p2 ─▶ … ─▶ pN-1 ─┐
 *           ▲                           │   one token, passed hop by hop
 *           └───────────────────────────┘
 * </pre>
 */
@NullMarked
package io.otp4j.examples;

import org.jspecify.annotations.NullMarked;
