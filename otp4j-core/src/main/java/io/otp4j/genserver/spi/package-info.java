/**
 * The generic server's seam for calls between nodes, for otp4j's cluster module only: {@link
 * io.otp4j.genserver.spi.CallRoute} sends a call to another node, {@link io.otp4j.genserver.spi.RemoteCalls}
 * serves one that arrives, and {@link io.otp4j.genserver.spi.CallAnswer} carries its answer back.
 */
@NullMarked
package io.otp4j.genserver.spi;

import org.jspecify.annotations.NullMarked;
