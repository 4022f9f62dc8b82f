package io.otp4j.genserver.spi;

import io.otp4j.genserver.GenServerRef;
import java.lang.invoke.MethodHandles;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** Holds the installed {@link RemoteCalls}; a reader that finds none initializes the generic server first. */
final class Installed {
    private static volatile @Nullable RemoteCalls calls;

    private Installed() {}

    static RemoteCalls get() {
        RemoteCalls c = calls;
        if (c == null) {
            try {
                MethodHandles.lookup().ensureInitialized(GenServerRef.class);
            } catch (IllegalAccessException e) {
                throw new IllegalStateException("the generic server cannot be initialized", e);
            }
            c = calls;
            if (c == null) {
                throw new IllegalStateException("the generic server installed no remote calls");
            }
        }
        return c;
    }

    static synchronized void install(RemoteCalls c) {
        Objects.requireNonNull(c, "calls");
        if (calls != null) {
            throw new IllegalStateException("remote calls are installed already");
        }
        calls = c;
    }
}
