package io.otp4j.cluster;

import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
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
import java.util.concurrent.ConcurrentHashMap;

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

    private static final Engine ENGINE = Engine.get();
    private static final int MAX_DEPTH = 32;

    // Frame kinds.
    static final byte SEND = 1;
    static final byte SEND_TO_NAME = 2;
    static final byte EXIT = 3;
    static final byte LINK = 4;
    static final byte UNLINK = 5;
    static final byte MONITOR = 6;
    static final byte DEMONITOR = 7;
    static final byte DOWN = 8;

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

    private final Node node;
    private final AllowList allowed;
    private final int maxFrameBytes;
    private final ClassLoader loader;
    private final Map<Class<?>, Constructor<?>> constructors = new ConcurrentHashMap<>();

    Codec(Node node, AllowList allowed, int maxFrameBytes, ClassLoader loader) {
        this.node = node;
        this.allowed = allowed;
        this.maxFrameBytes = maxFrameBytes;
        this.loader = loader;
    }

    // ------------------------------------------------------------------ encoding

    /**
     * {@return the bytes of {@code frame}}
     *
     * @throws NotEncodableException naming the class or kind that cannot cross, or the size over the limit
     */
    byte[] encode(Frame frame) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64);
        DataOutputStream out = new DataOutputStream(bytes);
        try {
            out.writeByte(MAGIC);
            out.writeByte(VERSION);
            switch (frame) {
                case Frame.Send(Pid to, Object message) -> {
                    out.writeByte(SEND);
                    writePid(out, to);
                    writeValue(out, message, 0);
                }
                case Frame.SendToName(String toNode, String name, Object message) -> {
                    out.writeByte(SEND_TO_NAME);
                    writeString(out, toNode);
                    writeString(out, name);
                    writeValue(out, message, 0);
                }
                case Frame.ExitSignal(Pid from, Pid to, ExitReason reason, boolean viaLink) -> {
                    out.writeByte(EXIT);
                    writePid(out, from);
                    writePid(out, to);
                    writeReason(out, reason, 0);
                    out.writeBoolean(viaLink);
                }
                case Frame.Link(Pid from, Pid to) -> {
                    out.writeByte(LINK);
                    writePid(out, from);
                    writePid(out, to);
                }
                case Frame.Unlink(Pid from, Pid to) -> {
                    out.writeByte(UNLINK);
                    writePid(out, from);
                    writePid(out, to);
                }
                case Frame.Monitor(MonitorRef ref, Pid watcher, Pid target) -> {
                    out.writeByte(MONITOR);
                    writeRef(out, ref);
                    writePid(out, watcher);
                    writePid(out, target);
                }
                case Frame.Demonitor(MonitorRef ref, Pid watcher, Pid target) -> {
                    out.writeByte(DEMONITOR);
                    writeRef(out, ref);
                    writePid(out, watcher);
                    writePid(out, target);
                }
                case Frame.Down(MonitorRef ref, Pid watcher, Pid target, ExitReason reason) -> {
                    out.writeByte(DOWN);
                    writeRef(out, ref);
                    writePid(out, watcher);
                    writePid(out, target);
                    writeReason(out, reason, 0);
                }
            }
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("a byte array stream failed", e);
        }
        if (bytes.size() > maxFrameBytes) {
            throw new NotEncodableException("a frame of " + bytes.size() + " bytes is over the limit of "
                    + maxFrameBytes + " bytes (ClusterConfig.maxFrameBytes)");
        }
        return bytes.toByteArray();
    }

    private void writeValue(DataOutputStream out, Object value, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new NotEncodableException("a value nested deeper than " + MAX_DEPTH + " levels");
        }
        switch (value) {
            case ExitReason reason -> {
                out.writeByte(T_EXIT_REASON);
                writeReason(out, reason, depth);
            }
            case Pid pid -> {
                out.writeByte(T_PID);
                writePid(out, pid);
            }
            case MonitorRef ref -> {
                out.writeByte(T_MONITOR_REF);
                writeRef(out, ref);
            }
            case String s -> {
                out.writeByte(T_STRING);
                writeString(out, s);
            }
            case Integer i -> {
                out.writeByte(T_INT);
                out.writeInt(i);
            }
            case Long l -> {
                out.writeByte(T_LONG);
                out.writeLong(l);
            }
            case Short s -> {
                out.writeByte(T_SHORT);
                out.writeShort(s);
            }
            case Byte b -> {
                out.writeByte(T_BYTE);
                out.writeByte(b);
            }
            case Character c -> {
                out.writeByte(T_CHAR);
                out.writeChar(c);
            }
            case Boolean b -> {
                out.writeByte(T_BOOLEAN);
                out.writeBoolean(b);
            }
            case Float f -> {
                out.writeByte(T_FLOAT);
                out.writeFloat(f);
            }
            case Double d -> {
                out.writeByte(T_DOUBLE);
                out.writeDouble(d);
            }
            case byte[] b -> {
                out.writeByte(T_BYTES);
                out.writeInt(b.length);
                out.write(b);
            }
            case List<?> list -> {
                out.writeByte(T_LIST);
                writeElements(out, list, depth);
            }
            case Set<?> set -> {
                out.writeByte(T_SET);
                writeElements(out, set, depth);
            }
            case Map<?, ?> map -> {
                out.writeByte(T_MAP);
                out.writeInt(map.size());
                for (Map.Entry<?, ?> entry : map.entrySet()) {
                    writeValue(out, element(entry.getKey(), "a map's key"), depth + 1);
                    writeValue(out, element(entry.getValue(), "a map's value"), depth + 1);
                }
            }
            case Enum<?> e -> {
                Class<?> type = e.getDeclaringClass();
                checkAllowed(type);
                out.writeByte(T_ENUM);
                writeString(out, type.getName());
                writeString(out, e.name());
            }
            case Record r -> writeRecord(out, r, depth);
            default ->
                throw new NotEncodableException(value.getClass().getName()
                        + " cannot cross to another node: only strings, boxed primitives, byte[], immutable lists, sets"
                        + " and maps, allow-listed records and enums, pids, monitor references and exit reasons can");
        }
    }

    private static Object element(@org.jspecify.annotations.Nullable Object value, String what) {
        if (value == null) {
            throw new NotEncodableException(what + " is null: values crossing to another node are null-free");
        }
        return value;
    }

    private void writeElements(DataOutputStream out, java.util.Collection<?> elements, int depth) throws IOException {
        out.writeInt(elements.size());
        for (Object element : elements) {
            writeValue(out, element(element, "an element"), depth + 1);
        }
    }

    private void writeRecord(DataOutputStream out, Record value, int depth) throws IOException {
        Class<?> type = value.getClass();
        checkAllowed(type);
        if (canonicalConstructor(type).isEmpty()) {
            throw new NotEncodableException("record " + type.getName()
                    + " cannot be rebuilt on another node: it and its canonical constructor must be public");
        }
        out.writeByte(T_RECORD);
        writeString(out, type.getName());
        RecordComponent[] components = type.getRecordComponents();
        out.writeByte(components.length);
        for (RecordComponent component : components) {
            Object part;
            try {
                part = component.getAccessor().invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new NotEncodableException("record " + type.getName() + ": its component " + component.getName()
                        + " cannot be read (" + e + ")");
            }
            writeValue(out, element(part, type.getName() + "." + component.getName()), depth + 1);
        }
    }

    private void checkAllowed(Class<?> type) {
        if (!allowed.allows(type.getName())) {
            throw new NotEncodableException("class " + type.getName() + " is not on the cluster's allow-list"
                    + " (ClusterConfig.withAllowedClass or withAllowedPackage, on every node)");
        }
    }

    private void writeReason(DataOutputStream out, ExitReason reason, int depth) throws IOException {
        switch (reason) {
            case ExitReason.Normal n -> out.writeByte(R_NORMAL);
            case ExitReason.Shutdown(var detail) -> {
                if (detail.isPresent()) {
                    out.writeByte(R_SHUTDOWN_DETAIL);
                    writeValue(out, detail.get(), depth + 1);
                } else {
                    out.writeByte(R_SHUTDOWN);
                }
            }
            case ExitReason.Kill k -> out.writeByte(R_KILL);
            case ExitReason.Killed k -> out.writeByte(R_KILLED);
            case ExitReason.NoProc n -> out.writeByte(R_NOPROC);
            case ExitReason.NoConnection n -> out.writeByte(R_NOCONNECTION);
            case ExitReason.Crash(Throwable cause) -> {
                out.writeByte(R_CRASH);
                String description =
                        cause instanceof RemoteCrashException remote ? remote.getMessage() : cause.toString();
                writeString(out, description == null ? cause.getClass().getName() : description);
            }
            case ExitReason.Custom(Object value) -> {
                out.writeByte(R_CUSTOM);
                writeValue(out, value, depth + 1);
            }
        }
    }

    private static void writePid(DataOutputStream out, Pid pid) throws IOException {
        writeString(out, pid.node());
        out.writeInt(ENGINE.creation(pid));
        out.writeLong(pid.id());
    }

    private static void writeRef(DataOutputStream out, MonitorRef ref) throws IOException {
        writePid(out, ref.target());
        writePid(out, ENGINE.origin(ref));
        out.writeLong(ENGINE.id(ref));
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private static java.util.Optional<Constructor<?>> publicCanonical(Class<?> type) {
        if (!Modifier.isPublic(type.getModifiers())) {
            return java.util.Optional.empty();
        }
        RecordComponent[] components = type.getRecordComponents();
        Class<?>[] types = new Class<?>[components.length];
        for (int i = 0; i < components.length; i++) {
            types[i] = components[i].getType();
        }
        try {
            Constructor<?> constructor = type.getConstructor(types);
            return java.util.Optional.of(constructor);
        } catch (NoSuchMethodException e) {
            return java.util.Optional.empty();
        }
    }

    private java.util.Optional<Constructor<?>> canonicalConstructor(Class<?> type) {
        Constructor<?> known = constructors.get(type);
        if (known != null) {
            return java.util.Optional.of(known);
        }
        java.util.Optional<Constructor<?>> found = publicCanonical(type);
        found.ifPresent(c -> constructors.put(type, c));
        return found;
    }

    // ------------------------------------------------------------------ decoding

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
            byte kind = in.get();
            Frame frame = switch (kind) {
                case SEND -> new Frame.Send(readPid(in), readValue(in, 0));
                case SEND_TO_NAME -> new Frame.SendToName(readString(in), readString(in), readValue(in, 0));
                case EXIT -> new Frame.ExitSignal(readPid(in), readPid(in), readReason(in, 0), readBoolean(in));
                case LINK -> new Frame.Link(readPid(in), readPid(in));
                case UNLINK -> new Frame.Unlink(readPid(in), readPid(in));
                case MONITOR -> new Frame.Monitor(readRef(in), readPid(in), readPid(in));
                case DEMONITOR -> new Frame.Demonitor(readRef(in), readPid(in), readPid(in));
                case DOWN -> new Frame.Down(readRef(in), readPid(in), readPid(in), readReason(in, 0));
                default -> throw new BadFrameException("unknown frame kind " + kind);
            };
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
        ByteBuffer slice = in.slice(in.position(), length);
        in.position(in.position() + length);
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
        Constructor<?> constructor = canonicalConstructor(type)
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
