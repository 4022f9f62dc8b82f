package io.otp4j.cluster;

import io.otp4j.process.Node;

/**
 * The wire format of ADR 23: a frame is a magic byte, a version, a kind and its fields; values are tagged and
 * null-free. Records and enums cross by class name and are rebuilt only if the name is on the {@link AllowList}
 * (checked before the class is loaded, which is done without initializing it); a record through its canonical
 * constructor. No Java serialization. Everything that can go wrong in {@link #decode} comes out as a
 * {@link BadFrameException}.
 */
final class Codec {

    static final byte MAGIC = (byte) 0xE7;
    static final byte VERSION = 1;

    static final int MAX_DEPTH = 32;

    // Frame kinds.
    static final byte SEND = 1;
    static final byte SEND_TO_NAME = 2;
    static final byte EXIT = 3;
    static final byte LINK = 4;
    static final byte UNLINK = 5;
    static final byte MONITOR = 6;
    static final byte DEMONITOR = 7;
    static final byte DOWN = 8;
    static final byte CALL = 9;
    static final byte CAST = 10;
    static final byte REPLY = 11;
    static final byte CALL_EXITED = 12;
    static final byte CALL_REFUSED = 13;
    static final byte TRACED = 14;

    // Value tags.
    static final byte T_STRING = 1;
    static final byte T_INT = 2;
    static final byte T_LONG = 3;
    static final byte T_SHORT = 4;
    static final byte T_BYTE = 5;
    static final byte T_CHAR = 6;
    static final byte T_BOOLEAN = 7;
    static final byte T_FLOAT = 8;
    static final byte T_DOUBLE = 9;
    static final byte T_ENUM = 10;
    static final byte T_RECORD = 11;
    static final byte T_LIST = 12;
    static final byte T_SET = 13;
    static final byte T_MAP = 14;
    static final byte T_BYTES = 15;
    static final byte T_PID = 16;
    static final byte T_MONITOR_REF = 17;
    static final byte T_EXIT_REASON = 18;
    static final byte T_CODEC = 19;

    // Exit reason kinds.
    static final byte R_NORMAL = 0;
    static final byte R_SHUTDOWN = 1;
    static final byte R_SHUTDOWN_DETAIL = 2;
    static final byte R_KILL = 3;
    static final byte R_KILLED = 4;
    static final byte R_NOPROC = 5;
    static final byte R_NOCONNECTION = 6;
    static final byte R_CRASH = 7;
    static final byte R_CUSTOM = 8;

    private final Encoder encoder;
    private final Decoder decoder;

    Codec(Node node, AllowList allowed, int maxFrameBytes, ClassLoader loader) {
        RecordConstructors constructors = new RecordConstructors();
        this.encoder = new Encoder(allowed, maxFrameBytes, constructors);
        this.decoder = new Decoder(node, allowed, maxFrameBytes, loader, constructors);
    }

    /**
     * {@return the bytes of {@code frame}}
     *
     * @throws NotEncodableException naming the class or kind that cannot cross, or the size over the limit
     */
    byte[] encode(Frame frame) {
        return encoder.encode(frame);
    }

    /**
     * {@return the frame in {@code length} bytes of {@code bytes} from {@code offset}}, its pids and references
     * rebuilt as this node sees them
     *
     * @throws BadFrameException for anything but a well-formed frame of this version whose classes are allowed
     */
    Frame decode(byte[] bytes, int offset, int length) throws BadFrameException {
        return decoder.decode(bytes, offset, length);
    }
}
