package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.Messages.Colour;
import io.otp4j.cluster.Messages.Everything;
import io.otp4j.cluster.Messages.Hello;
import io.otp4j.cluster.Messages.Positive;
import io.otp4j.elsewhere.Poison;
import io.otp4j.elsewhere.Secret;
import io.otp4j.process.Down;
import io.otp4j.process.Exit;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The wire format (ADR 23): every kind of value and frame crosses intact; only allowed classes are rebuilt. */
class CodecTest {

    private static final Engine ENGINE = Engine.get();

    private final Node a = Node.start("codec-a");
    private final Node b = Node.start("codec-b");
    private final Codec sender = codec(a, new AllowList(Set.of(), Set.of("io.otp4j.cluster")));
    private final Codec receiver = codec(b, new AllowList(Set.of(), Set.of("io.otp4j.cluster")));

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    static Codec codec(Node node, AllowList allowed) {
        return new Codec(node, allowed, 4096, CodecTest.class.getClassLoader());
    }

    private Frame roundTrip(Frame frame) throws BadFrameException {
        byte[] bytes = sender.encode(frame);
        return receiver.decode(bytes, 0, bytes.length);
    }

    private Object roundTrip(Object value) throws BadFrameException {
        Pid to = remote(b.pid());
        Frame.Send back = (Frame.Send) roundTrip(new Frame.Send(to, value));
        assertThat(back.to()).isEqualTo(b.pid());
        return back.message();
    }

    /** A pid of {@code b} as {@code a} holds it. */
    private Pid remote(Pid pid) {
        return ENGINE.pid(a, pid.node(), ENGINE.creation(pid), pid.id());
    }

    @Test
    void everyKindOfValueCrossesIntact() throws BadFrameException {
        Pid pid = a.spawn(self -> self.receive());
        List<Object> values = new ArrayList<>(List.of(
                "héllo ✓",
                "",
                42,
                -7L,
                (short) 3,
                (byte) -1,
                'x',
                true,
                1.5f,
                -2.25d,
                Colour.RED,
                Colour.GREEN,
                List.of(1, "two", List.of()),
                Set.of("a", "b"),
                Map.of("k", 1, "l", 2),
                pid,
                new Hello(pid, "hi"),
                new Exit(pid, ExitReason.killed()),
                new NodeUp("n"),
                new NodeDown("n")));
        for (Object value : values) {
            assertThat(roundTrip(value)).as("%s", value).isEqualTo(value);
        }
        assertThat((byte[]) roundTrip(new byte[] {1, 2, 3})).containsExactly(1, 2, 3);
        Object everything = roundTrip(new Everything(
                "s",
                1,
                2L,
                (short) 3,
                (byte) 4,
                'c',
                true,
                5f,
                6d,
                Colour.GREEN,
                List.of("x"),
                Set.of("y"),
                Map.of("z", 7),
                new byte[] {8},
                pid,
                ExitReason.custom(List.of(9))));
        assertThat(everything).isInstanceOfSatisfying(Everything.class, e -> {
            assertThat(e.colour()).isSameAs(Colour.GREEN);
            assertThat(e.map()).isEqualTo(Map.of("z", 7));
            assertThat(e.bytes()).containsExactly(8);
            assertThat(e.pid()).isEqualTo(pid);
            assertThat(e.reason()).isEqualTo(ExitReason.custom(List.of(9)));
        });
        assertThat(roundTrip(new LinkedHashMap<>(Map.of("mutable", 1)))).isEqualTo(Map.of("mutable", 1));
    }

    @Test
    void everyExitReasonCrossesAndACrashAsItsDescription() throws BadFrameException {
        List<ExitReason> reasons = List.of(
                ExitReason.normal(),
                ExitReason.shutdown(),
                ExitReason.shutdown("detail"),
                ExitReason.kill(),
                ExitReason.killed(),
                ExitReason.noproc(),
                ExitReason.noconnection(),
                ExitReason.custom(new Positive(3)));
        for (ExitReason reason : reasons) {
            assertThat(roundTrip(reason)).isEqualTo(reason);
        }
        Object crash = roundTrip(ExitReason.crash(new IllegalStateException("boom")));
        assertThat(crash)
                .isInstanceOfSatisfying(
                        ExitReason.Crash.class,
                        c -> assertThat(c.cause())
                                .isInstanceOf(RemoteCrashException.class)
                                .hasMessage("java.lang.IllegalStateException: boom"));
    }

    @Test
    void everyKindOfFrameCrossesIntact() throws BadFrameException {
        Pid here = a.spawn(self -> self.receive());
        Pid there = b.spawn(self -> self.receive());
        Pid thereFromA = remote(there);
        MonitorRef ref = ENGINE.monitorRef(thereFromA, a.pid(), 17);
        MonitorRef refOnB = ENGINE.monitorRef(
                there,
                ENGINE.pid(b, "codec-a", ENGINE.creation(a), ENGINE.origin(ref).id()),
                17);
        Pid hereFromB = ENGINE.pid(b, "codec-a", ENGINE.creation(a), here.id());
        assertThat(everyFrame(here, thereFromA, ref).stream().map(this::roundTripUnchecked))
                .as("each frame as the far node decodes it: its pids and references are the far node's")
                .containsExactlyElementsOf(everyFrame(hereFromB, there, refOnB));
        assertThat(((Frame.Send) roundTrip(new Frame.Send(thereFromA, new Down(ref, thereFromA, ExitReason.normal()))))
                        .message())
                .isEqualTo(new Down(refOnB, there, ExitReason.normal()));
    }

    /** {@return one frame of each kind but send, from {@code from} to {@code to}} */
    private static List<Frame> everyFrame(Pid from, Pid to, MonitorRef ref) {
        return List.of(
                new Frame.SendToName("codec-b", "name", "hi"),
                new Frame.ExitSignal(from, to, ExitReason.custom("x"), true),
                new Frame.Link(from, to),
                new Frame.Unlink(from, to),
                new Frame.Monitor(ref, from, to),
                new Frame.Demonitor(ref, from, to),
                new Frame.Down(ref, from, to, ExitReason.noproc()));
    }

    private Frame roundTripUnchecked(Frame frame) {
        try {
            return roundTrip(frame);
        } catch (BadFrameException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void aClassNotAllowedFailsAtTheSenderNamingIt() {
        Pid to = remote(b.pid());
        assertThatThrownBy(() -> sender.encode(new Frame.Send(to, new Secret("x"))))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("io.otp4j.elsewhere.Secret")
                .hasMessageContaining("allow-list");
        assertThatThrownBy(() -> sender.encode(new Frame.Send(to, new Object())))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("java.lang.Object");
        assertThatThrownBy(() -> sender.encode(new Frame.Send(to, new ArrayList<>(java.util.Arrays.asList("a", null)))))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("null");
        assertThatThrownBy(() -> sender.encode(new Frame.Send(to, "x".repeat(5000))))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining("over the limit");
    }

    @Test
    void aClassNotAllowedAtTheReceiverIsRefusedAndNeverLoaded() throws IOException {
        Codec everything = codec(a, new AllowList(Set.of(Secret.class), Set.of("io.otp4j.cluster")));
        byte[] secret = everything.encode(new Frame.Send(remote(b.pid()), new Secret("x")));
        assertThatThrownBy(() -> receiver.decode(secret, 0, secret.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("io.otp4j.elsewhere.Secret is not on the allow-list");

        String poison = "io.otp4j.elsewhere.Poison";
        assertThat(Poison.class.getName()).isEqualTo(poison); // a name constant; the class stays uninitialized
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Codec.MAGIC);
        out.writeByte(Codec.VERSION);
        out.writeByte(Codec.SEND);
        writeString(out, "codec-b");
        out.writeInt(ENGINE.creation(b));
        out.writeLong(b.pid().id());
        out.writeByte(Codec.T_RECORD);
        writeString(out, poison);
        out.writeByte(0);
        byte[] frame = bytes.toByteArray();
        assertThatThrownBy(() -> receiver.decode(frame, 0, frame.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining(poison + " is not on the allow-list");
        assertThat(System.getProperty("otp4j.test.poison")).isNull();
    }

    @Test
    void aRecordWhoseConstructorRefusesTheValuesIsABadFrame() throws BadFrameException {
        byte[] bytes = sender.encode(new Frame.Send(remote(b.pid()), new Positive(5)));
        // The int 5 is the frame's last four bytes: make it -1.
        bytes[bytes.length - 4] = (byte) 0xFF;
        bytes[bytes.length - 3] = (byte) 0xFF;
        bytes[bytes.length - 2] = (byte) 0xFF;
        bytes[bytes.length - 1] = (byte) 0xFF;
        assertThatThrownBy(() -> receiver.decode(bytes, 0, bytes.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("negative");
    }

    @Test
    void truncatedOversizedAndForeignFramesAreBad() {
        byte[] good = sender.encode(new Frame.Send(remote(b.pid()), List.of("a", "b")));
        for (int length = 0; length < good.length; length++) {
            int cut = length;
            assertThatThrownBy(() -> receiver.decode(good, 0, cut)).isInstanceOf(BadFrameException.class);
        }
        byte[] longer = java.util.Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> receiver.decode(longer, 0, longer.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("after the end");
        byte[] huge = new byte[5000];
        assertThatThrownBy(() -> receiver.decode(huge, 0, huge.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("over the limit");
        byte[] future = good.clone();
        future[1] = 2;
        assertThatThrownBy(() -> receiver.decode(future, 0, future.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("version 2");
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }
}
