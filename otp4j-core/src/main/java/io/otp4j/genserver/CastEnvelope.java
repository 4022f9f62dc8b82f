package io.otp4j.genserver;

import io.otp4j.observe.Sending;
import io.otp4j.observe.spi.Outgoing;
import io.otp4j.process.Pid;

/** A cast on its way to a server: wrapped, so the server can tell it from a plain message. */
record CastEnvelope(Object request) implements Outgoing {

    @Override
    public Sending sending(Pid target) {
        return new Sending(Sending.Kind.CAST, target, null, request.getClass());
    }
}
