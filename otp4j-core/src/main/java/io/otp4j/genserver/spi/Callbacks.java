package io.otp4j.genserver.spi;

import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.Init;
import io.otp4j.process.Pid;

/**
 * What a harness that runs a server's callbacks itself needs from the generic server: to read what a callback
 * returned, and to make the {@link From} of a call whose answer it collects. For otp4j's test kit only; the
 * generic server installs the implementation.
 */
public interface Callbacks {

    /** {@return the generic server's implementation} */
    static Callbacks get() {
        return Installed.callbacks();
    }

    /**
     * Installs the implementation; called once, by the generic server itself.
     *
     * @param callbacks the generic server's implementation
     * @throws IllegalStateException if one is installed already
     */
    static void install(Callbacks callbacks) {
        Installed.install(callbacks);
    }

    /**
     * {@return what {@code init} returned, read}
     *
     * @param init the value a server's {@code init} returned
     */
    Outcome outcome(Init<?> init);

    /**
     * {@return what {@code handleCall}, {@code handleCast}, {@code handleInfo} or {@code handleContinue} returned}
     *
     * @param result the value the callback returned
     */
    Outcome outcome(CallResult<?> result);

    /**
     * {@return the {@link From} of a call of {@code request} to the server {@code server}, whose answer goes to
     * {@code answer}}: a reply (now or later, from any thread) reaches {@link CallAnswer#replied}, once; a second
     * reply is a {@link io.otp4j.genserver.DuplicateReplyException}.
     *
     * @param server the pid the harness shows as the server's
     * @param request the call the {@code From} answers; a reply must be to this very request
     * @param answer where the reply goes
     */
    From from(Pid server, Object request, CallAnswer answer);
}
