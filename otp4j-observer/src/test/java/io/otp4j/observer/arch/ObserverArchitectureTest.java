package io.otp4j.observer.arch;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.observer.Observer;

/** The rules all modules share, on the observer's production classes. */
class ObserverArchitectureTest extends ModuleArchitectureTest {

    ObserverArchitectureTest() {
        super(Observer.class, "io.otp4j.observer");
    }
}
