package io.otp4j.internal;

/** What the mailbox Lincheck tests share beyond {@link io.otp4j.testing.LincheckOptions}. */
final class LincheckSupport {

    private LincheckSupport() {}

    /** The selective-receive predicate every test uses. */
    static boolean isEven(Object message) {
        return message instanceof Integer i && i % 2 == 0;
    }
}
