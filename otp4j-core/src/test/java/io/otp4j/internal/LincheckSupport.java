package io.otp4j.internal;

import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.StressOptions;

/** Shared Lincheck settings: the iteration count comes from {@code otp4j.lincheck.iterations}. */
final class LincheckSupport {

    private LincheckSupport() {}

    static int iterations() {
        return Integer.parseInt(System.getProperty("otp4j.lincheck.iterations", "30"));
    }

    /** The selective-receive predicate every test uses. */
    static boolean isEven(Object message) {
        return message instanceof Integer i && i % 2 == 0;
    }

    /**
     * Three threads, a few operations each: the owner's operations all land on one of them (their {@code
     * nonParallelGroup}), offers on any. The init and post parts exercise the quiescent states.
     */
    static ModelCheckingOptions modelChecking(Class<?> model) {
        return new ModelCheckingOptions()
                .iterations(iterations())
                .invocationsPerIteration(50)
                .threads(3)
                .actorsPerThread(3)
                .actorsBefore(2)
                .actorsAfter(2)
                .sequentialSpecification(model);
    }

    static StressOptions stress(Class<?> model) {
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
