package io.otp4j.process.spi;

import io.otp4j.process.Node;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Holds the installed {@link Engine}. The process layer installs it as {@link Node}'s class initializes; a
 * reader that finds none yet initializes {@code Node}, whose initialization then happens-before the read.
 */
final class Installed {

    private static volatile @Nullable Engine engine;

    private Installed() {}

    static Engine engine() {
        Engine e = engine;
        if (e == null) {
            try {
                MethodHandles.lookup().ensureInitialized(Node.class);
            } catch (IllegalAccessException ex) {
                throw new IllegalStateException("the process layer cannot be initialized", ex);
            }
            e = engine;
            if (e == null) {
                throw new IllegalStateException("the process layer installed no engine");
            }
        }
        return e;
    }

    static synchronized void install(Engine e) {
        Objects.requireNonNull(e, "engine");
        if (engine != null) {
            throw new IllegalStateException("an engine is installed already");
        }
        engine = e;
    }
}
