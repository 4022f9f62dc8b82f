package io.otp4j.cluster;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.elsewhere.Money;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link ValueCodec}: a class the default wire format does not carry crosses with a codec of the user's. */
class ValueCodecTest {

    private static final Engine ENGINE = Engine.get();
    private static final ValueCodec<Money> MONEY =
            ValueCodec.of(Money.class, m -> m.toString().getBytes(UTF_8), b -> Money.parse(new String(b, UTF_8)));

    private final Node a = Node.start("codec-value-a");
    private final Node b = Node.start("codec-value-b");

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    private static Codec codec(Node node, ValueCodec<?>... codecs) {
        return new Codec(
                node, new AllowList(Set.of(), Set.of(), List.of(codecs)), 4096, ValueCodecTest.class.getClassLoader());
    }

    private byte[] sendToB(Codec codec, Object value) {
        return codec.encode(new Frame.Send(ENGINE.pid(a, b.name(), ENGINE.creation(b.pid()), 1), value));
    }

    @Test
    void aValueWithACodecCrossesInsideOtherValues() throws BadFrameException {
        byte[] bytes = sendToB(codec(a, MONEY), List.of(new Money(1234, "EUR"), "and more"));

        Frame.Send back = (Frame.Send) codec(b, MONEY).decode(bytes, 0, bytes.length);

        assertThat(back.message()).isEqualTo(List.of(new Money(1234, "EUR"), "and more"));
    }

    @Test
    void aReceiverWithoutTheCodecRefusesTheFrameNamingTheClass() {
        byte[] bytes = sendToB(codec(a, MONEY), new Money(1, "EUR"));

        assertThatThrownBy(() -> codec(b).decode(bytes, 0, bytes.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("no codec for " + Money.class.getName());
    }

    @Test
    void aCodecThatRefusesItsBytesOrDecodesAnotherTypeMakesTheFrameBad() {
        byte[] bytes = sendToB(codec(a, MONEY), new Money(1, "EUR"));
        ValueCodec<Money> refusing = ValueCodec.of(Money.class, m -> new byte[0], x -> {
            throw new IllegalArgumentException("not today");
        });
        ValueCodec<Object> otherType = new ValueCodec<>() { // a codec that lies about its type, as a buggy one might
                    @Override
                    @SuppressWarnings({"unchecked", "rawtypes"})
                    public Class<Object> type() {
                        return (Class) Money.class;
                    }

                    @Override
                    public byte[] encode(Object value) {
                        return new byte[0];
                    }

                    @Override
                    public Object decode(byte[] x) {
                        return "not money";
                    }
                };

        assertThatThrownBy(() -> codec(b, refusing).decode(bytes, 0, bytes.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("not today");
        assertThatThrownBy(() -> codec(b, otherType).decode(bytes, 0, bytes.length))
                .isInstanceOf(BadFrameException.class)
                .hasMessageContaining("decoded a java.lang.String");
    }

    @Test
    void aCodecThatFailsToEncodeFailsTheSenderNamingTheClass() {
        ValueCodec<Money> broken = ValueCodec.of(
                Money.class,
                m -> {
                    throw new IllegalStateException("broken");
                },
                x -> new Money(0, "EUR"));

        assertThatThrownBy(() -> sendToB(codec(a, broken), new Money(1, "EUR")))
                .isInstanceOf(NotEncodableException.class)
                .hasMessageContaining(Money.class.getName())
                .hasMessageContaining("broken");
    }

    @Test
    void twoCodecsForOneClassAreRefusedAtConfiguration() {
        assertThatThrownBy(() -> ClusterConfig.of("c").withCodec(MONEY).withCodec(MONEY))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two codecs for " + Money.class.getName());
    }

    @Test
    void nodesJoinedWithTheCodecExchangeSuchValues() {
        try (Members members = new Members()) {
            Cluster x = members.join("codec-x", config -> config.withCodec(MONEY));
            Cluster y = members.join("codec-y", config -> config.withCodec(MONEY));
            Members.connected(x, y);
            TestProbe probe = TestProbe.spawn(y.node());
            Pid there = Members.seenFrom(x.node(), probe.pid());

            x.node().send(there, new Money(250, "CHF"));

            assertThat(probe.expectMessage(Money.class, Duration.ofSeconds(10))).isEqualTo(new Money(250, "CHF"));
        }
    }
}
