package io.otp4j.elsewhere;

/** A record whose loading (initializing) the tests would see: a receiver must never get that far. */
public record Poison() {
    static {
        System.setProperty("otp4j.test.poison", "initialized");
    }
}
