/**
 * Trace and logging context for otp4j. Install a {@link io.otp4j.opentelemetry.TraceContextCarrier} on a node
 * ({@code Observation.of(node).carry(...)}) and a handler runs under the OpenTelemetry context of whoever called,
 * cast or sent the message it handles, on this node or, with the cluster, on another (as W3C trace context). A
 * {@link io.otp4j.opentelemetry.MdcCarrier} does the same for SLF4J's mapped diagnostic context.
 */
@NullMarked
package io.otp4j.opentelemetry;

import org.jspecify.annotations.NullMarked;
