package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.cluster.Messages.Hello;
import io.otp4j.process.ExitReason;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.jgroups.Message;
import org.jgroups.protocols.SHARED_LOOPBACK;
import org.jgroups.stack.Protocol;
import org.jgroups.stack.ProtocolStack;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Encrypted frames (ADR 27): encrypted members talk as plain ones do, the bytes that reach the transport are not
 * the frames, and a node that encrypts and one that does not never form a cluster.
 */
class ClusterEncryptionTest {

    private static final Duration BOUND = Duration.ofSeconds(10);
    private static final String MARKER = "otp4j-plaintext-marker-5d21";

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    /** Copies the payload of every message on its way to the transport. */
    static final class Tap extends Protocol {
        final List<byte[]> payloads = new CopyOnWriteArrayList<>();

        @Override
        public Object down(Message msg) {
            if (msg.hasArray()) {
                byte[] array = msg.getArray();
                payloads.add(Arrays.copyOfRange(array, msg.getOffset(), msg.getOffset() + msg.getLength()));
            }
            return down_prot.down(msg);
        }

        boolean sawMarker() {
            byte[] marker = MARKER.getBytes(StandardCharsets.UTF_8);
            return payloads.stream().anyMatch(p -> indexOf(p, marker) >= 0);
        }

        private static int indexOf(byte[] haystack, byte[] needle) {
            for (int i = 0; i + needle.length <= haystack.length; i++) {
                if (Arrays.equals(haystack, i, i + needle.length, needle, 0, needle.length)) {
                    return i;
                }
            }
            return -1;
        }
    }

    private static Tap tap(Cluster cluster) throws Exception {
        Tap tap = new Tap();
        cluster.route()
                .channel()
                .getProtocolStack()
                .insertProtocol(tap, ProtocolStack.Position.ABOVE, SHARED_LOOPBACK.class);
        return tap;
    }

    /** Sends a marked message from {@code a} to {@code b} through a tap above {@code a}'s transport. */
    private static Tap sendMarked(Cluster a, Cluster b) throws Exception {
        Tap tap = tap(a);
        TestProbe there = TestProbe.spawn(b.node());
        TestProbe here = TestProbe.spawn(a.node());
        here.send(seenFrom(a.node(), there.pid()), new Hello(here.pid(), MARKER));
        assertThat(there.expectMessage(Hello.class, BOUND).text()).isEqualTo(MARKER);
        assertThat(tap.payloads).isNotEmpty();
        return tap;
    }

    @Test
    void encryptedMembersTalkAndMonitorEachOther() {
        Cluster a = members.join("enc-a", c -> c.withEncryption(true));
        Cluster b = members.join("enc-b", c -> c.withEncryption(true));
        Members.connected(a, b);
        TestProbe there = TestProbe.spawn(b.node());
        TestProbe here = TestProbe.spawn(a.node());
        Pid remote = seenFrom(a.node(), there.pid());
        here.send(remote, new Hello(here.pid(), "sealed"));
        Hello hello = there.expectMessage(Hello.class, BOUND);
        assertThat(hello.text()).isEqualTo("sealed");
        there.send(hello.from(), "and back");
        assertThat(here.expectMessage(String.class, BOUND)).isEqualTo("and back");
        here.watch(remote);
        Eventually.until(
                () -> !b.node().info(there.pid()).orElseThrow().monitoredBy().isEmpty(), "b holds the monitor");
        there.exit(ExitReason.custom("done"));
        here.expectDown(remote, ExitReason.custom("done"), BOUND);
        assertThat(b.stats().badFrames()).isZero();
    }

    @Test
    void theTransportSeesNoPlaintextOfAnEncryptedFrame() throws Exception {
        Cluster a = members.join("wire-a", c -> c.withEncryption(true));
        Cluster b = members.join("wire-b", c -> c.withEncryption(true));
        Members.connected(a, b);
        assertThat(sendMarked(a, b).sawMarker()).isFalse();
    }

    @Test
    void withoutEncryptionTheTransportSeesThePlaintext() throws Exception {
        // The tap's own check: on a plain cluster it finds the marker.
        Cluster a = members.join("plain-a");
        Cluster b = members.join("plain-b");
        Members.connected(a, b);
        assertThat(sendMarked(a, b).sawMarker()).isTrue();
    }

    @Test
    void aPlainNodeIsRefusedByAnEncryptedClusterAndTheOtherWayRound() {
        Cluster encrypted = members.join("mixed-a", c -> c.withEncryption(true));
        try (Node plain = Node.start("mixed-plain")) {
            assertThatThrownBy(() -> Cluster.join(plain, members.config()))
                    .isInstanceOf(ClusterJoinException.class)
                    .hasMessageContaining("mixed-plain was refused by cluster " + members.clusterName)
                    .hasMessageContaining("whether frames are encrypted");
        }
        assertThat(encrypted.nodes()).isEmpty();

        Members others = new Members();
        try (others) {
            Cluster plain = others.join("mixed-b");
            try (Node sealed = Node.start("mixed-sealed")) {
                assertThatThrownBy(() -> Cluster.join(sealed, others.config().withEncryption(true)))
                        .isInstanceOf(ClusterJoinException.class)
                        .hasMessageContaining("mixed-sealed was refused by cluster " + others.clusterName)
                        .hasMessageContaining("whether frames are encrypted");
            }
            assertThat(plain.nodes()).isEmpty();
        }
    }
}
