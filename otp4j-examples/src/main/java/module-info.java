/** Programs built on otp4j, and the demo the README runs. */
module io.otp4j.examples {
    requires io.otp4j.core;
    requires io.otp4j.cluster;
    requires io.otp4j.observer;
    requires io.otp4j.persistence;
    requires java.logging;
    requires static org.jspecify;

    exports io.otp4j.examples;
}
