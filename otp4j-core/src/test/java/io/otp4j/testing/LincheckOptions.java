package io.otp4j.testing;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/**
 * The Lincheck settings every linearizability test shares: three threads of three operations, two before and two
 * after the parallel part (the quiescent states). The iteration count comes from {@code
 * otp4j.lincheck.iterations}: quick in the default build, long with {@code -Pstress}.
 */
public final class LincheckOptions {

    private LincheckOptions() {}

    /** {@return the iterations per test} */
    public static int iterations() {
        return Integer.parseInt(System.getProperty("otp4j.lincheck.iterations", "30"));
    }

    /**
     * Model checking against {@code model} with {@code invocations} interleavings per iteration (fewer for
     * operations that walk many states of a JDK map, more for a mailbox's few).
     */
    public static ModelCheckingOptions modelChecking(Class<?> model, int invocations) {
        return new ModelCheckingOptions()
                .iterations(iterations())
                .invocationsPerIteration(invocations)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model);
    }

    /** Stress testing against {@code model}, 500 invocations per iteration. */
    public static StressOptions stress(Class<?> model) {
        return new StressOptions()
                .iterations(iterations())
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model);
    }
}
