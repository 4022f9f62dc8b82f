/**
 * otp4j opentelemetry: the caller's OpenTelemetry context carried through {@code call}, {@code cast} and
 * {@code send} into the handler ({@link io.otp4j.opentelemetry.TraceContextCarrier}), and the caller's SLF4J MDC
 * carried the same way ({@link io.otp4j.opentelemetry.MdcCarrier}).
 */
@SuppressWarnings("requires-transitive-automatic") // OpenTelemetry ships as automatic modules
module io.otp4j.opentelemetry {
    requires transitive io.otp4j.core;
    requires transitive io.opentelemetry.api;
    requires transitive io.opentelemetry.context;
    requires static org.slf4j;
    requires static org.jspecify;

    exports io.otp4j.opentelemetry;
}
