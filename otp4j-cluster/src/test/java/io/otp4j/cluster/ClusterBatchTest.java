package io.otp4j.cluster;

import static io.otp4j.cluster.Members.seenFrom;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Messages.Numbered;
import io.otp4j.process.Pid;
import io.otp4j.testing.Eventually;
import io.otp4j.testkit.TestProbe;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.jgroups.BytesMessage;
import org.junit.jupiter.api.Test;

/**
 * Frames that wait together cross together (ADR 27): a batch keeps every sender's order, and a receiver drops a
 * malformed batch whole, counts it once, and goes on.
 */
class ClusterBatchTest extends TwoMembers {

    private static final Duration BOUND = Duration.ofSeconds(10);

    ClusterBatchTest() {
        super("batch");
    }

    @Test
    void eightConcurrentSendersKeepTheirOrderThroughBatches() {
        int senders = 8;
        int each = 500;
        TestProbe there = TestProbe.spawn(b.node());
        Pid remote = seenFrom(a.node(), there.pid());
        Outbound outbound = a.route().outbound();
        try (Outbound.Hold hold = outbound.hold()) {
            for (int s = 0; s < senders; s++) {
                int sender = s;
                a.node().spawn(self -> {
                    for (int n = 0; n < each; n++) {
                        self.send(remote, new Numbered(sender, n));
                    }
                });
            }
            Eventually.until(() -> outbound.waiting("batch-b") == senders * each, "every message waits");
        }
        Map<Integer, Integer> next = new HashMap<>();
        for (int i = 0; i < senders * each; i++) {
            Numbered got = there.expectMessage(Numbered.class, BOUND);
            int expected = next.getOrDefault(got.sender(), 0);
            assertThat(got.n()).as("sender %d's message", got.sender()).isEqualTo(expected);
            next.put(got.sender(), expected + 1);
        }
        assertThat(next)
                .hasSize(senders)
                .allSatisfy((sender, count) -> assertThat(count).isEqualTo(each));
        ClusterStats stats = a.stats();
        assertThat(stats.framesSent()).isEqualTo(senders * each);
        // Some 30 bytes a frame: 4000 of them fit in a few batches of 64 KiB.
        assertThat(stats.batchesSent()).isBetween(1L, 10L);
        assertThat(b.stats().framesReceived()).isEqualTo(senders * each);
        assertThat(b.stats().badFrames()).isZero();
    }

    @Test
    void withoutBatchesEachFrameCrossesAlone() {
        Cluster single = members.join("batch-single", c -> c.withBatchBytes(0));
        Members.connected(single, b);
        TestProbe there = TestProbe.spawn(b.node());
        Pid remote = seenFrom(single.node(), there.pid());
        try (Outbound.Hold hold = single.route().outbound().hold()) {
            for (int n = 0; n < 10; n++) {
                single.node().send(remote, new Numbered(0, n));
            }
        }
        for (int n = 0; n < 10; n++) {
            assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, n));
        }
        assertThat(single.stats().framesSent()).isEqualTo(10);
        assertThat(single.stats().batchesSent()).isZero();
    }

    private List<byte[]> frames(Pid to, int count) {
        Codec codec = CodecTest.codec(a.node(), AllowList.of(members.config()));
        List<byte[]> frames = new ArrayList<>();
        for (int n = 0; n < count; n++) {
            frames.add(codec.encode(new Frame.Send(to, new Numbered(0, n))));
        }
        return frames;
    }

    private void feed(byte[] bytes) {
        b.route().receive(new BytesMessage(null, bytes));
    }

    @Test
    void aMalformedBatchIsOneBadFrameAndNothingOfItIsDelivered() {
        TestProbe there = TestProbe.spawn(b.node());
        byte[] good = Batch.pack(frames(there.pid(), 3));
        List<byte[]> malformed = new ArrayList<>();
        malformed.add(Arrays.copyOf(good, good.length - 1)); // truncated in its last frame
        malformed.add(Arrays.copyOf(good, good.length + 1)); // a byte after its end
        malformed.add(Arrays.copyOf(good, 5)); // truncated in its header
        byte[] count = good.clone();
        ByteBuffer.wrap(count).putInt(3, 4); // claims one frame more than it has
        malformed.add(count);
        byte[] zero = good.clone();
        ByteBuffer.wrap(zero).putInt(3, 0);
        malformed.add(zero);
        byte[] negative = good.clone();
        ByteBuffer.wrap(negative).putInt(3, -1);
        malformed.add(negative);
        byte[] length = good.clone();
        ByteBuffer.wrap(length).putInt(7, Integer.MAX_VALUE); // a first frame longer than the batch
        malformed.add(length);
        byte[] version = good.clone();
        version[1] = (byte) (Codec.VERSION + 1);
        malformed.add(version);
        malformed.add(new byte[ClusterConfig.DEFAULT_MAX_FRAME_BYTES + 1]);
        malformed.get(malformed.size() - 1)[0] = Codec.MAGIC;
        malformed.get(malformed.size() - 1)[2] = Batch.BATCH;
        malformed.forEach(this::feed);
        assertThat(b.stats().badFrames()).isEqualTo(malformed.size());
        assertThat(b.stats().framesReceived()).isZero();

        feed(good);
        for (int n = 0; n < 3; n++) {
            assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, n));
        }
        assertThat(b.stats().badFrames()).isEqualTo(malformed.size());
    }

    @Test
    void aBadFrameInAWellFormedBatchIsDroppedAloneAndItsNeighboursArrive() {
        TestProbe there = TestProbe.spawn(b.node());
        List<byte[]> frames = new ArrayList<>(frames(there.pid(), 3));
        frames.set(1, new byte[] {Codec.MAGIC, Codec.VERSION, 99}); // an unknown kind
        frames.add(Batch.pack(frames(there.pid(), 2))); // a batch inside a batch is not a frame
        feed(Batch.pack(frames));
        assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, 0));
        assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, 2));
        assertThat(b.stats().badFrames()).isEqualTo(2);
        assertThat(b.stats().framesReceived()).isEqualTo(2);
    }

    @Test
    void mutatedBatchesNeverBreakTheReceiver() {
        long seed = Long.getLong("otp4j.fuzz.seed", System.nanoTime());
        System.out.println("ClusterBatchTest seed: " + seed + " (-Dotp4j.fuzz.seed=" + seed + " to replay)");
        SplittableRandom random = new SplittableRandom(seed);
        TestProbe sink = TestProbe.spawn(b.node()); // takes whatever mutated frame still decodes
        byte[] good = Batch.pack(frames(sink.pid(), 4));
        int rounds = 1_000;
        for (int i = 0; i < rounds; i++) {
            byte[] mutated = good.clone();
            for (int flips = 1 + random.nextInt(4); flips > 0; flips--) {
                mutated[3 + random.nextInt(mutated.length - 3)] = (byte) random.nextInt(256);
            }
            feed(mutated);
        }
        // Every batch is one bad frame, or each of its frames is decoded or bad on its own.
        ClusterStats stats = b.stats();
        assertThat(stats.badFrames() + stats.framesReceived()).isBetween((long) rounds, 4L * rounds);
        // Spawned only now, so that no mutated frame (a flipped pid) can have reached it.
        TestProbe there = TestProbe.spawn(b.node());
        feed(Batch.pack(frames(there.pid(), 1)));
        assertThat(there.expectMessage(Numbered.class, BOUND)).isEqualTo(new Numbered(0, 0));
    }
}
