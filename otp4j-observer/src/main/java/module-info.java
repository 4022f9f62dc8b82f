/**
 * otp4j observer: a live web dashboard for an otp4j node, served by Helidon SE's web server on virtual threads.
 *
 * <p>Start one with {@link io.otp4j.observer.Observer#builder}; it binds to 127.0.0.1 and prints nothing by
 * itself: its {@link io.otp4j.observer.Observer#url()} carries the token that actions need.
 */
module io.otp4j.observer {
    requires transitive io.otp4j.core;
    requires transitive io.otp4j.cache;
    requires transitive io.otp4j.stage;
    requires static io.otp4j.cluster;
    requires io.helidon.webserver;
    requires io.helidon.webserver.sse;
    requires io.helidon.http.sse;
    requires static org.jspecify;

    exports io.otp4j.observer;
}
