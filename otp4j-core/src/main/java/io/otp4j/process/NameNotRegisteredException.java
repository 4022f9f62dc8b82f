package io.otp4j.process;

/** A message was sent to a name that no process holds (Erlang raises {@code badarg}). */
public final class NameNotRegisteredException extends OtpException {

    /** The name no process holds. */
    private final String name;

    NameNotRegisteredException(String name) {
        super("no process is registered as \"" + name + "\"");
        this.name = name;
    }

    /** {@return the name} */
    public String name() {
        return name;
    }
}
