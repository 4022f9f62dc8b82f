/**
 * otp4j test kit: tools for testing programs built on otp4j: a manual clock, a test probe, a JUnit 5 extension
 * that gives each test its own node, a synchronous harness for one generic server, log capture and bounded waits.
 */
module io.otp4j.testkit {
    requires transitive io.otp4j.core;
    requires transitive org.junit.jupiter.api;
    requires static org.jspecify;
    requires java.logging;

    exports io.otp4j.testkit;
}
