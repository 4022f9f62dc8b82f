package io.otp4j.slf4j.arch;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.slf4j.Slf4jLoggerFinder;

/** The rules all modules share, on the bridge's production classes. */
class Slf4jArchitectureTest extends ModuleArchitectureTest {

    Slf4jArchitectureTest() {
        super(Slf4jLoggerFinder.class, "io.otp4j.slf4j");
    }
}
