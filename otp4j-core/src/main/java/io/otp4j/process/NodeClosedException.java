package io.otp4j.process;

/** The node is closed (or closing): it starts no new process. */
public final class NodeClosedException extends OtpException {

    NodeClosedException(String node) {
        super("node " + node + " is closed: it starts no new process");
    }
}
