package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Pid;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.SplittableRandom;
import org.jgroups.BytesMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A live member drops garbage as it arrives, counts it, and goes on delivering; public calls name a null. */
class ClusterBadInputTest {

    private final Members members = new Members();

    @AfterEach
    void close() {
        members.close();
    }

    @Test
    void garbageFromTheWireIsDroppedAndCountedAndTheNodeGoesOn() {
        Cluster a = members.join("bad-a");
        Cluster b = members.join("bad-b");
        Members.connected(a, b);
        long seed = System.nanoTime();
        System.out.println("ClusterBadInputTest seed: " + seed);
        SplittableRandom random = new SplittableRandom(seed);
        int garbage = 200;
        for (int i = 0; i < garbage; i++) {
            byte[] bytes = new byte[random.nextInt(40)];
            random.nextBytes(bytes);
            if (bytes.length > 0 && bytes[0] == Codec.MAGIC) {
                bytes[0] = 0; // garbage, never a frame by chance
            }
            b.route().receive(new BytesMessage(null, bytes));
        }
        b.route().receive(new BytesMessage(null, new byte[2 * ClusterConfig.DEFAULT_MAX_FRAME_BYTES]));
        assertThat(b.stats().badFrames()).isEqualTo(garbage + 1);
        TestProbe there = TestProbe.spawn(b.node());
        Pid remote = Members.seenFrom(a.node(), there.pid());
        a.node().send(remote, "still here");
        assertThat(there.expectMessage(String.class, Duration.ofSeconds(10))).isEqualTo("still here");
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void everyPublicCallNamesItsNullArgument() {
        Cluster a = members.join("nulls-a");
        Pid pid = a.node().pid();
        assertThatThrownBy(() -> a.send(null, "n", "m")).hasMessage("toNode");
        assertThatThrownBy(() -> a.send("x", null, "m")).hasMessage("name");
        assertThatThrownBy(() -> a.send("x", "n", null)).hasMessage("message");
        assertThatThrownBy(() -> a.monitorNodes(null)).hasMessage("watcher");
        assertThatThrownBy(() -> a.demonitorNodes(null)).hasMessage("watcher");
        assertThatThrownBy(() -> a.monitorNode(null, "x")).hasMessage("watcher");
        assertThatThrownBy(() -> a.monitorNode(pid, null)).hasMessage("nodeName");
        assertThatThrownBy(() -> new NodeUp(null)).hasMessage("node");
        assertThatThrownBy(() -> new NodeDown(null)).hasMessage("node");
    }
}
