package io.otp4j.genserver;

/**
 * The cast type of a server that takes no casts: it has no values, so {@link GenServerRef#cast} cannot be
 * called on such a server.
 */
public enum NoCast {}
