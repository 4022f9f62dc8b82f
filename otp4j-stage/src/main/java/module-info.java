/**
 * otp4j stages: GenStage's demand-driven producers, producer-consumers and consumers on otp4j processes, with
 * dispatchers, a consumer supervisor, Java Stream consumption and {@link java.util.concurrent.Flow} interop.
 */
module io.otp4j.stage {
    requires transitive io.otp4j.core;
    requires static org.jspecify;

    exports io.otp4j.stage;
}
