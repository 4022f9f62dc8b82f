package io.otp4j.process;

/** A name could not be registered because another process holds it. */
public final class NameTakenException extends OtpException {

    /** The name asked for. */
    private final String name;

    /** The process that holds it. */
    private final Pid holder;

    NameTakenException(String name, Pid holder) {
        super("the name \"" + name + "\" is already registered to " + holder);
        this.name = name;
        this.holder = holder;
    }

    /** {@return the name} */
    public String name() {
        return name;
    }

    /** {@return the process that holds it} */
    public Pid holder() {
        return holder;
    }
}
