package io.otp4j.genserver;

/** A cast on its way to a server: wrapped, so the server can tell it from a plain message. */
record CastEnvelope(Object request) {}
