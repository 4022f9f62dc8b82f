package io.otp4j.testkit.arch;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.testkit.TestProbe;

/** The rules all modules share, on the test kit's production classes. */
class TestKitArchitectureTest extends ModuleArchitectureTest {

    TestKitArchitectureTest() {
        super(TestProbe.class, "io.otp4j.testkit");
    }
}
