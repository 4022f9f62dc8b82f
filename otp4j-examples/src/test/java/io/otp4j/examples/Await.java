package io.otp4j.examples;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testkit.ManualClock;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Bounded waits for what is eventual in the examples' tests: a restart, a timer registered on a manual clock. */
final class Await {

    private static final long BOUND_NANOS = TimeUnit.SECONDS.toNanos(10);

    private Await() {}

    /** Waits until {@code condition} holds, at most 10 seconds; fails naming {@code what} otherwise. */
    static void until(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + BOUND_NANOS;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError("not within 10 s: " + what);
            }
            Thread.onSpinWait();
            Thread.yield();
        }
    }

    /** Waits until a process other than {@code old} is registered as {@code name}. */
    static void restarted(Node node, String name, Pid old) {
        until(
                name + " restarted",
                () -> node.whereis(name).filter(pid -> !pid.equals(old)).isPresent());
    }

    /** Waits until {@code clock} has at least {@code timers} actions scheduled. */
    static void timers(ManualClock clock, int timers) {
        until(timers + " timers on the manual clock", () -> clock.pending() >= timers);
    }
}
