package io.otp4j.process;

import java.util.Objects;

/** Checks of registered names. */
final class Names {

    private Names() {}

    static String check(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a process name must not be blank, was \"" + name + "\"");
        }
        return name;
    }
}
