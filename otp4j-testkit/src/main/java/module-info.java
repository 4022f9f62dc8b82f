/** otp4j test kit: tools for testing programs built on otp4j. */
module io.otp4j.testkit {
    requires transitive io.otp4j.core;
    requires static org.jspecify;

    exports io.otp4j.testkit;
}
