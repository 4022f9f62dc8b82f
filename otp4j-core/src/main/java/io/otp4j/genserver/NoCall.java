package io.otp4j.genserver;

/**
 * The call type of a server, or a stage, that takes no calls: it has no values, so no request of this type can be
 * made, and such a server need not implement {@link GenServer#handleCall}. The counterpart of {@link NoCast}.
 */
public enum NoCall implements Call<Void> {}
