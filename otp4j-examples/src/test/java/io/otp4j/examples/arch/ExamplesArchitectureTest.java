package io.otp4j.examples.arch;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.examples.Demo;

/** The rules all modules share, on the examples' production classes. */
class ExamplesArchitectureTest extends ModuleArchitectureTest {

    ExamplesArchitectureTest() {
        super(Demo.class, "io.otp4j.examples");
    }
}
