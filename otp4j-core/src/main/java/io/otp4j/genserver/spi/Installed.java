package io.otp4j.genserver.spi;

import io.otp4j.genserver.GenServerRef;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Holds the installed {@link RemoteCalls} and {@link Callbacks}; a reader that finds none initializes the generic
 * server first, which installs both.
 */
final class Installed {
    private static volatile @Nullable RemoteCalls calls;
    private static volatile @Nullable Callbacks callbacks;

    private Installed() {}

    static RemoteCalls get() {
        return read(() -> calls, "remote calls");
    }

    static Callbacks callbacks() {
        return read(() -> callbacks, "callback shapes");
    }

    /** {@return what {@code field} holds, once the generic server, which installs it, is initialized} */
    private static <T> T read(Supplier<@Nullable T> field, String what) {
        T value = field.get();
        if (value == null) {
            initializeServer();
            value = field.get();
            if (value == null) {
                throw new IllegalStateException("the generic server installed no " + what);
            }
        }
        return value;
    }

    private static void initializeServer() {
        try {
            MethodHandles.lookup().ensureInitialized(GenServerRef.class);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("the generic server cannot be initialized", e);
        }
    }

    static synchronized void install(RemoteCalls c) {
        Objects.requireNonNull(c, "calls");
        if (calls != null) {
            throw new IllegalStateException("remote calls are installed already");
        }
        calls = c;
    }

    static synchronized void install(Callbacks c) {
        Objects.requireNonNull(c, "callbacks");
        if (callbacks != null) {
            throw new IllegalStateException("callback shapes are installed already");
        }
        callbacks = c;
    }
}
