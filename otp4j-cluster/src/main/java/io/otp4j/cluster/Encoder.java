package io.otp4j.cluster;

import static io.otp4j.cluster.Codec.*;

import io.otp4j.genserver.spi.Refusal;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/** Writes frames in the wire format of {@link Codec}; refuses, at the sender, whatever cannot cross. */
final class Encoder {

    private static final Engine ENGINE = Engine.get();

    private final AllowList allowed;
    private final int maxFrameBytes;
    private final RecordConstructors constructors;

    Encoder(AllowList allowed, int maxFrameBytes, RecordConstructors constructors) {
        this.allowed = allowed;
        this.maxFrameBytes = maxFrameBytes;
        this.constructors = constructors;
    }

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
            writeFrame(out, frame);
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

    /** Writes {@code frame}'s kind and fields. */
    private void writeFrame(DataOutputStream out, Frame frame) throws IOException {
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
            case Frame.Call call -> {
                out.writeByte(CALL);
                out.writeLong(call.id());
                writeString(out, call.from());
                writeTarget(out, call.node(), call.server(), call.name());
                writeString(out, call.serverClass());
                writeValue(out, call.request(), 0);
                out.writeLong(call.timeoutNanos());
            }
            case Frame.Cast cast -> {
                out.writeByte(CAST);
                writeTarget(out, cast.node(), cast.server(), cast.name());
                writeValue(out, cast.request(), 0);
            }
            case Frame.Reply(long id, Object value) -> {
                out.writeByte(REPLY);
                out.writeLong(id);
                writeValue(out, value, 0);
            }
            case Frame.CallExited(long id, ExitReason reason) -> {
                out.writeByte(CALL_EXITED);
                out.writeLong(id);
                writeReason(out, reason, 0);
            }
            case Frame.CallRefused(long id, Refusal refusal, String detail) -> {
                out.writeByte(CALL_REFUSED);
                out.writeLong(id);
                out.writeByte(refusal.ordinal());
                writeString(out, detail);
            }
            case Frame.Traced(Map<String, String> context, Frame traced) -> {
                out.writeByte(TRACED);
                out.writeInt(context.size());
                for (Map.Entry<String, String> field : context.entrySet()) {
                    writeString(out, field.getKey());
                    writeString(out, field.getValue());
                }
                writeFrame(out, traced);
            }
        }
    }

    private void writeValue(DataOutputStream out, Object value, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw new NotEncodableException("a value nested deeper than " + MAX_DEPTH + " levels");
        }
        ValueCodec<?> codec = allowed.codecFor(value.getClass());
        if (codec != null) {
            writeWithCodec(out, codec, value);
            return;
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

    /** A value of a class with a codec of the user's: its class name and the codec's bytes. */
    private static <T> void writeWithCodec(DataOutputStream out, ValueCodec<T> codec, Object value) throws IOException {
        byte[] bytes;
        try {
            bytes = codec.encode(codec.type().cast(value));
        } catch (RuntimeException e) {
            throw new NotEncodableException("the codec for " + codec.type().getName() + " failed: " + e, e);
        }
        out.writeByte(T_CODEC);
        writeString(out, codec.type().getName());
        out.writeInt(bytes.length);
        out.write(bytes);
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
        RecordConstructors.Shape shape = constructors
                .shape(type)
                .orElseThrow(() -> new NotEncodableException("record " + type.getName()
                        + " cannot be rebuilt on another node: it and its canonical constructor must be public"));
        out.writeByte(T_RECORD);
        writeString(out, type.getName());
        Method[] accessors = shape.accessors();
        out.writeByte(accessors.length);
        for (int i = 0; i < accessors.length; i++) {
            Object part;
            try {
                part = accessors[i].invoke(value);
            } catch (IllegalAccessException | InvocationTargetException e) {
                throw new NotEncodableException("record " + type.getName() + ": its component " + shape.names()[i]
                        + " cannot be read (" + e + ")");
            }
            writeValue(out, element(part, type.getName() + "." + shape.names()[i]), depth + 1);
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

    /** A server of {@code node}: 0 and its pid, or 1 and the name it is registered as there. */
    private static void writeTarget(DataOutputStream out, String node, @Nullable Pid server, @Nullable String name)
            throws IOException {
        writeString(out, node);
        if (server != null) {
            out.writeByte(0);
            writePid(out, server);
        } else {
            out.writeByte(1);
            writeString(out, Objects.requireNonNull(name, "a call names a pid or a name"));
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
}
