/**
 * otp4j micrometer: Micrometer meters for an otp4j node ({@link io.otp4j.micrometer.Otp4jMetrics}) and for the
 * statistics of an otp4j cache ({@link io.otp4j.micrometer.CacheMetrics}).
 */
@SuppressWarnings("requires-transitive-automatic") // Micrometer ships as an automatic module
module io.otp4j.micrometer {
    requires transitive io.otp4j.core;
    requires transitive micrometer.core;
    requires static io.otp4j.cache;
    requires static org.jspecify;

    exports io.otp4j.micrometer;
}
