package io.otp4j.spring.arch;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.spring.SupervisionTree;

/** The rules all modules share, on the starter's production classes. */
class SpringArchitectureTest extends ModuleArchitectureTest {

    SpringArchitectureTest() {
        super(SupervisionTree.class, "io.otp4j.spring");
    }
}
