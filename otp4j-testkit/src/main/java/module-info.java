/**
 * otp4j test kit: tools for testing programs built on otp4j: a manual clock, a test probe, and a JUnit 5
 * extension that gives each test its own node.
 */
module io.otp4j.testkit {
    requires transitive io.otp4j.core;
    requires transitive org.junit.jupiter.api;
    requires static org.jspecify;

    exports io.otp4j.testkit;
}
