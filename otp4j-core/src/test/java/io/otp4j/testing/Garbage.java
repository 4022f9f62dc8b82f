package io.otp4j.testing;

import java.lang.ref.WeakReference;

/** Tells whether something is still reachable, for tests that check what a dead process keeps. */
public final class Garbage {

    private Garbage() {}

    /**
     * Collects garbage until {@code ref} is cleared, at most 50 times, with some allocation between collections so
     * that a collector that ignores one request still runs; {@return whether it was cleared}
     */
    public static boolean collected(WeakReference<?> ref) {
        for (int i = 0; i < 50 && ref.get() != null; i++) {
            System.gc();
            byte[][] pressure = new byte[16][];
            for (int j = 0; j < pressure.length; j++) {
                pressure[j] = new byte[64 * 1024];
            }
            if (pressure[0].length == 0) {
                return false;
            }
        }
        return ref.get() == null;
    }
}
