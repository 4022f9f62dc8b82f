package io.otp4j.cluster;

import static io.otp4j.cluster.Codec.*;

import io.otp4j.genserver.spi.Refusal;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads frames in the wire format of {@link Codec}: network input, hostile until decoded. A class is loaded, without
 * being initialized, only once its name is found on the allow-list; everything that can go wrong comes out as a
 * {@link BadFrameException}.
 */
final class Decoder {

    private static final Engine ENGINE = Engine.get();

    private final Node node;
    private final AllowList allowed;
    private final int maxFrameBytes;
    private final ClassLoader loader;
    private final RecordConstructors constructors;

    Decoder(Node node, AllowList allowed, int maxFrameBytes, ClassLoader loader, RecordConstructors constructors) {
        this.node = node;
        this.allowed = allowed;
        this.maxFrameBytes = maxFrameBytes;
        this.loader = loader;
        this.constructors = constructors;
    }

    /**
     * {@return the frame in {@code length} bytes of {@code bytes} from {@code offset}}, its pids and references
     * rebuilt as this node sees them
     *
     * @throws BadFrameException for anything but a well-formed frame of this version whose classes are allowed
     */
    Frame decode(byte[] bytes, int offset, int length) throws BadFrameException {
        if (length > maxFrameBytes) {
            throw new BadFrameException("a frame of " + length + " bytes is over the limit of " + maxFrameBytes);
        }
        ByteBuffer in = ByteBuffer.wrap(bytes, offset, length);
        try {
            if (in.get() != MAGIC) {
                throw new BadFrameException("not an otp4j frame");
            }
            byte version = in.get();
            if (version != VERSION) {
                throw new BadFrameException("frame version " + version + ", this node reads " + VERSION);
            }
            Frame frame = readFrame(in, in.get());
            if (in.hasRemaining()) {
                throw new BadFrameException(in.remaining() + " bytes after the end of the frame");
            }
            return frame;
        } catch (BufferUnderflowException e) {
            throw new BadFrameException("truncated frame");
        } catch (RuntimeException | LinkageError e) {
            // A constructor or factory that refused what it was given: not a frame this node accepts.
            throw new BadFrameException("rejected: " + e);
        }
    }

    /** {@return the fields of a frame of {@code kind}} */
    private Frame readFrame(ByteBuffer in, byte kind) throws BadFrameException {
        return switch (kind) {
            case SEND -> new Frame.Send(readPid(in), readValue(in, 0));
            case SEND_TO_NAME -> new Frame.SendToName(readString(in), readString(in), readValue(in, 0));
            case EXIT -> new Frame.ExitSignal(readPid(in), readPid(in), readReason(in, 0), readBoolean(in));
            case LINK -> new Frame.Link(readPid(in), readPid(in));
            case UNLINK -> new Frame.Unlink(readPid(in), readPid(in));
            case MONITOR -> new Frame.Monitor(readRef(in), readPid(in), readPid(in));
            case DEMONITOR -> new Frame.Demonitor(readRef(in), readPid(in), readPid(in));
            case DOWN -> new Frame.Down(readRef(in), readPid(in), readPid(in), readReason(in, 0));
            case CALL -> readCall(in);
            case CAST -> readCast(in);
            case REPLY -> new Frame.Reply(in.getLong(), readValue(in, 0));
            case CALL_EXITED -> new Frame.CallExited(in.getLong(), readReason(in, 0));
            case CALL_REFUSED -> new Frame.CallRefused(in.getLong(), readRefusal(in), readString(in));
            case TRACED -> readTraced(in);
            default -> throw new BadFrameException("unknown frame kind " + kind);
        };
    }

    /** A send, call or cast with its sender's context fields: the fields, then the frame itself. */
    private Frame.Traced readTraced(ByteBuffer in) throws BadFrameException {
        int count = readCount(in, 8);
        if (count == 0 || count > Frame.Traced.MAX_FIELDS) {
            throw new BadFrameException(
                    "a traced frame carries 1 to " + Frame.Traced.MAX_FIELDS + " context fields, not " + count);
        }
        List<Map.Entry<String, String>> fields = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            fields.add(Map.entry(readString(in), readString(in)));
        }
        byte kind = in.get();
        if (kind != SEND && kind != SEND_TO_NAME && kind != CALL && kind != CAST) {
            throw new BadFrameException("a traced frame holds a send, call or cast, not a frame of kind " + kind);
        }
        @SuppressWarnings("unchecked") // Map.ofEntries refuses a key given twice: a bad frame
        Map.Entry<String, String>[] entries = fields.toArray(Map.Entry[]::new);
        return new Frame.Traced(Map.ofEntries(entries), readFrame(in, kind));
    }

    private Frame.Call readCall(ByteBuffer in) throws BadFrameException {
        long id = in.getLong();
        String from = readString(in);
        String node = readString(in);
        boolean byName = readTargetKind(in);
        Pid server = byName ? null : readPid(in);
        String name = byName ? readString(in) : null;
        return new Frame.Call(id, from, node, server, name, readString(in), readValue(in, 0), in.getLong());
    }

    private Frame.Cast readCast(ByteBuffer in) throws BadFrameException {
        String node = readString(in);
        boolean byName = readTargetKind(in);
        Pid server = byName ? null : readPid(in);
        String name = byName ? readString(in) : null;
        return new Frame.Cast(node, server, name, readValue(in, 0));
    }

    /** A value of a class the user gave a codec for, found by the name in the frame: nothing else is loaded. */
    private Object readWithCodec(ByteBuffer in) throws BadFrameException {
        String className = readString(in);
        ValueCodec<?> codec = allowed.codecNamed(className);
        if (codec == null) {
            throw new BadFrameException("no codec for " + className + " on this node (ClusterConfig.withCodec)");
        }
        byte[] bytes = new byte[readCount(in, 1)];
        in.get(bytes);
        Object value;
        try {
            value = codec.decode(bytes);
        } catch (RuntimeException e) {
            throw new BadFrameException("the codec for " + className + " refused its bytes: " + e);
        }
        if (!codec.type().isInstance(value)) {
            throw new BadFrameException("the codec for " + className + " decoded a "
                    + value.getClass().getName());
        }
        return value;
    }

    /** {@return whether the target that follows is a name} (else a pid) */
    private static boolean readTargetKind(ByteBuffer in) throws BadFrameException {
        byte kind = in.get();
        if (kind != 0 && kind != 1) {
            throw new BadFrameException("unknown call target kind " + kind);
        }
        return kind == 1;
    }

    private static Refusal readRefusal(ByteBuffer in) throws BadFrameException {
        int ordinal = in.get();
        Refusal[] all = Refusal.values();
        if (ordinal < 0 || ordinal >= all.length) {
            throw new BadFrameException("unknown call refusal " + ordinal);
        }
        return all[ordinal];
    }

    /**
     * {@return the call id of a reply frame whose value could not be decoded}, so that its caller learns of it at
     * once rather than at its timeout; empty for any other frame
     */
    static java.util.OptionalLong replyId(byte[] bytes, int offset, int length) {
        if (length >= 11 && bytes[offset] == MAGIC && bytes[offset + 1] == VERSION && bytes[offset + 2] == REPLY) {
            return java.util.OptionalLong.of(
                    ByteBuffer.wrap(bytes, offset + 3, 8).getLong());
        }
        return java.util.OptionalLong.empty();
    }

    private Object readValue(ByteBuffer in, int depth) throws BadFrameException {
        if (depth > MAX_DEPTH) {
            throw new BadFrameException("nested deeper than " + MAX_DEPTH + " levels");
        }
        byte tag = in.get();
        return switch (tag) {
            case T_STRING -> readString(in);
            case T_INT -> in.getInt();
            case T_LONG -> in.getLong();
            case T_SHORT -> in.getShort();
            case T_BYTE -> in.get();
            case T_CHAR -> in.getChar();
            case T_BOOLEAN -> readBoolean(in);
            case T_FLOAT -> in.getFloat();
            case T_DOUBLE -> in.getDouble();
            case T_BYTES -> {
                byte[] b = new byte[readCount(in, 1)];
                in.get(b);
                yield b;
            }
            case T_CODEC -> readWithCodec(in);
            case T_LIST -> List.copyOf(readElements(in, depth));
            case T_SET -> {
                List<Object> elements = readElements(in, depth);
                Set<Object> set = Set.copyOf(elements);
                if (set.size() != elements.size()) {
                    throw new BadFrameException("a set with duplicate elements");
                }
                yield set;
            }
            case T_MAP -> {
                int count = readCount(in, 2);
                Map<Object, Object> map = new HashMap<>();
                for (int i = 0; i < count; i++) {
                    if (map.put(readValue(in, depth + 1), readValue(in, depth + 1)) != null) {
                        throw new BadFrameException("a map with a duplicate key");
                    }
                }
                yield Map.copyOf(map);
            }
            case T_ENUM -> readEnum(in);
            case T_RECORD -> readRecord(in, depth);
            case T_PID -> readPid(in);
            case T_MONITOR_REF -> readRef(in);
            case T_EXIT_REASON -> readReason(in, depth);
            default -> throw new BadFrameException("unknown value tag " + tag);
        };
    }

    private List<Object> readElements(ByteBuffer in, int depth) throws BadFrameException {
        int count = readCount(in, 1);
        List<Object> elements = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            elements.add(readValue(in, depth + 1));
        }
        return elements;
    }

    /** A count of items of at least {@code minBytes} each: never more than the bytes left could hold. */
    private static int readCount(ByteBuffer in, int minBytes) throws BadFrameException {
        int count = in.getInt();
        if (count < 0 || (long) count * minBytes > in.remaining()) {
            throw new BadFrameException("a count of " + count + " with " + in.remaining() + " bytes left");
        }
        return count;
    }

    private static boolean readBoolean(ByteBuffer in) throws BadFrameException {
        byte b = in.get();
        if (b != 0 && b != 1) {
            throw new BadFrameException("a boolean of " + b);
        }
        return b == 1;
    }

    private static String readString(ByteBuffer in) throws BadFrameException {
        int length = readCount(in, 1);
        int start = in.position();
        in.position(start + length);
        if (in.hasArray() && isAscii(in.array(), in.arrayOffset() + start, length)) {
            // Class names, node names, most keys: ASCII is UTF-8 as it is, and needs no checking decoder.
            return new String(in.array(), in.arrayOffset() + start, length, StandardCharsets.US_ASCII);
        }
        ByteBuffer slice = in.slice(start, length);
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(slice)
                    .toString();
        } catch (CharacterCodingException e) {
            throw new BadFrameException("a string that is not UTF-8");
        }
    }

    private static boolean isAscii(byte[] bytes, int from, int length) {
        for (int i = from; i < from + length; i++) {
            if (bytes[i] < 0) {
                return false;
            }
        }
        return true;
    }

    /** Loads {@code name} only if it is allowed, and without initializing it. */
    private Class<?> allowedClass(String name) throws BadFrameException {
        if (!allowed.allows(name)) {
            throw new BadFrameException("class " + name + " is not on the allow-list");
        }
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException e) {
            throw new BadFrameException("class " + name + " is allowed but not found");
        }
    }

    private Object readEnum(ByteBuffer in) throws BadFrameException {
        Class<?> type = allowedClass(readString(in));
        String constant = readString(in);
        if (!type.isEnum()) {
            throw new BadFrameException(type.getName() + " is not an enum");
        }
        for (Object value : type.getEnumConstants()) {
            if (((Enum<?>) value).name().equals(constant)) {
                return value;
            }
        }
        throw new BadFrameException(type.getName() + " has no constant " + constant);
    }

    private Object readRecord(ByteBuffer in, int depth) throws BadFrameException {
        Class<?> type = allowedClass(readString(in));
        if (!type.isRecord()) {
            throw new BadFrameException(type.getName() + " is not a record");
        }
        Constructor<?> constructor = constructors
                .of(type)
                .orElseThrow(() -> new BadFrameException(type.getName() + " has no public canonical constructor"));
        int count = in.get();
        if (count != constructor.getParameterCount()) {
            throw new BadFrameException(
                    type.getName() + " has " + constructor.getParameterCount() + " components, the frame " + count);
        }
        Object[] args = new Object[count];
        for (int i = 0; i < count; i++) {
            args[i] = readValue(in, depth + 1);
        }
        try {
            return constructor.newInstance(args);
        } catch (InvocationTargetException e) {
            throw new BadFrameException(type.getName() + "'s constructor refused the frame's values: " + e.getCause());
        } catch (InstantiationException | IllegalAccessException e) {
            throw new BadFrameException(type.getName() + " cannot be built: " + e);
        }
    }

    private ExitReason readReason(ByteBuffer in, int depth) throws BadFrameException {
        byte kind = in.get();
        return switch (kind) {
            case R_NORMAL -> ExitReason.normal();
            case R_SHUTDOWN -> ExitReason.shutdown();
            case R_SHUTDOWN_DETAIL -> ExitReason.shutdown(readValue(in, depth + 1));
            case R_KILL -> ExitReason.kill();
            case R_KILLED -> ExitReason.killed();
            case R_NOPROC -> ExitReason.noproc();
            case R_NOCONNECTION -> ExitReason.noconnection();
            case R_CRASH -> ExitReason.crash(new RemoteCrashException(readString(in)));
            case R_CUSTOM -> ExitReason.custom(readValue(in, depth + 1));
            default -> throw new BadFrameException("unknown exit reason kind " + kind);
        };
    }

    private Pid readPid(ByteBuffer in) throws BadFrameException {
        String nodeName = readString(in);
        int creation = in.getInt();
        long id = in.getLong();
        if (nodeName.isBlank()) {
            throw new BadFrameException("a pid without a node");
        }
        return ENGINE.pid(node, nodeName, creation, id);
    }

    private MonitorRef readRef(ByteBuffer in) throws BadFrameException {
        Pid target = readPid(in);
        Pid origin = readPid(in);
        return ENGINE.monitorRef(target, origin, in.getLong());
    }
}
