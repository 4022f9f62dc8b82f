package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Sends, calls and casts with their sender's context fields (ADR 23, addendum): they cross intact, a frame without
 * a context is written as before, and a hostile traced frame is a bad frame.
 */
class TracedFrameTest {

    private static final Engine ENGINE = Engine.get();
    private static final Map<String, String> FIELDS = Map.of("traceparent", "00-abc-def-01", "mdc.request", "r1");

    private final Node a = Node.start("traced-a");
    private final Node b = Node.start("traced-b");
    private final AllowList allowed = new AllowList(Set.of(), Set.of("io.otp4j.cluster"));
    private final Codec sender = CodecTest.codec(a, allowed);
    private final Codec receiver = CodecTest.codec(b, allowed);

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private Frame roundTrip(Frame frame) throws BadFrameException {
        byte[] bytes = sender.encode(frame);
        return receiver.decode(bytes, 0, bytes.length);
    }

    @Test
    void aSendCallAndCastCrossWithTheirFields() throws BadFrameException {
        Pid there = b.spawn(self -> self.receive());
        Pid thereFromA = ENGINE.pid(a, there.node(), ENGINE.creation(there), there.id());
        Frame.Send send = (Frame.Send)
                ((Frame.Traced) roundTrip(new Frame.Traced(FIELDS, new Frame.Send(thereFromA, "hi")))).frame();
        assertThat(send).isEqualTo(new Frame.Send(there, "hi"));

        for (Frame frame : new Frame[] {
            new Frame.SendToName("traced-b", "name", "hi"),
            new Frame.Call(7, "traced-a", "traced-b", null, "server", "", "ask", 1_000L),
            new Frame.Cast("traced-b", null, "server", "tell")
        }) {
            assertThat(roundTrip(new Frame.Traced(FIELDS, frame)))
                    .as("%s", frame)
                    .isEqualTo(new Frame.Traced(FIELDS, frame));
        }
    }

    @Test
    void aFrameWithoutContextIsWrittenAsBefore() throws BadFrameException {
        byte[] plain = sender.encode(new Frame.Cast("traced-b", null, "server", "tell"));
        assertThat(plain[2]).as("the kind byte").isEqualTo(Codec.CAST);
        byte[] traced = sender.encode(new Frame.Traced(FIELDS, new Frame.Cast("traced-b", null, "server", "tell")));
        assertThat(traced[2]).isEqualTo(Codec.TRACED);
        assertThat(Arrays.copyOfRange(traced, traced.length - (plain.length - 2), traced.length))
                .as("the traced frame ends with the plain frame's kind and fields")
                .isEqualTo(Arrays.copyOfRange(plain, 2, plain.length));
        assertThat(Contexts.traced(a, new Frame.Cast("traced-b", null, "server", "tell")))
                .as("with no carrier installed nothing is added")
                .isInstanceOf(Frame.Cast.class);
    }

    @Test
    void onlyASendCallOrCastWithOneTo64FieldsIsATracedFrame() {
        assertThatThrownBy(() -> new Frame.Traced(FIELDS, new Frame.Link(a.pid(), a.pid())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("only a send, call or cast carries a context");
        assertThatThrownBy(() -> new Frame.Traced(Map.of(), new Frame.Cast("traced-b", null, "s", "x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to 64 context fields, not 0");
    }

    /** The bytes of a traced frame written by hand: {@code count} fields, then an inner frame of {@code kind}. */
    private static byte[] handWritten(int count, String[] keys, byte kind) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream out = new DataOutputStream(bytes);
        out.writeByte(Codec.MAGIC);
        out.writeByte(Codec.VERSION);
        out.writeByte(Codec.TRACED);
        out.writeInt(count);
        for (String key : keys) {
            writeString(out, key);
            writeString(out, "v");
        }
        out.writeByte(kind);
        return bytes.toByteArray();
    }

    private static void writeString(DataOutputStream out, String s) throws IOException {
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        out.writeInt(utf8.length);
        out.write(utf8);
    }

    private void assertBad(byte[] bytes, String problem) {
        assertThatThrownBy(() -> receiver.decode(bytes, 0, bytes.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining(problem);
    }

    @Test
    void hostileTracedFramesAreBadFrames() throws IOException {
        assertBad(handWritten(0, new String[0], Codec.CAST), "1 to 64 context fields, not 0");
        String[] many = new String[65];
        Arrays.setAll(many, i -> "k" + i);
        assertBad(handWritten(65, many, Codec.CAST), "1 to 64 context fields, not 65");
        assertBad(handWritten(1, new String[] {"k"}, Codec.LINK), "holds a send, call or cast");
        assertBad(handWritten(1, new String[] {"k"}, Codec.TRACED), "holds a send, call or cast");
        assertBad(handWritten(2, new String[] {"k", "k"}, Codec.CAST), "rejected");
        assertBad(handWritten(1_000_000, new String[] {"k"}, Codec.CAST), "a count of 1000000");
        assertBad(handWritten(1, new String[] {"k"}, Codec.CAST), "truncated");
    }
}
