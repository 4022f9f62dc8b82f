package io.otp4j.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.cluster.Messages.Colour;
import io.otp4j.cluster.Messages.Hello;
import io.otp4j.cluster.Messages.Positive;
import io.otp4j.process.ExitReason;
import io.otp4j.process.MonitorRef;
import io.otp4j.process.Node;
import io.otp4j.process.Pid;
import io.otp4j.process.spi.Engine;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Random and mutated frames: the decoder returns a frame or throws its own {@link BadFrameException}, nothing
 * else, and never hangs. The seed is printed; {@code -Dotp4j.fuzz.seed=N} replays a run.
 */
class CodecFuzzTest {

    private static final Engine ENGINE = Engine.get();
    private static final int ROUNDS = 20_000;

    private final Node a = Node.start("fuzz-a");
    private final Node b = Node.start("fuzz-b");

    @AfterEach
    void close() {
        a.close();
        b.close();
    }

    @Test
    void nothingButABadFrameEscapesTheDecoder() {
        long seed = Long.getLong("otp4j.fuzz.seed", System.nanoTime());
        System.out.println("CodecFuzzTest seed: " + seed + " (-Dotp4j.fuzz.seed=" + seed + " to replay)");
        SplittableRandom random = new SplittableRandom(seed);
        ValueCodec<io.otp4j.elsewhere.Money> money = ValueCodec.of(
                io.otp4j.elsewhere.Money.class,
                m -> m.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                bytes -> io.otp4j.elsewhere.Money.parse(new String(bytes, java.nio.charset.StandardCharsets.UTF_8)));
        AllowList allowed = new AllowList(Set.of(), Set.of("io.otp4j.cluster"), List.of(money));
        Codec sender = CodecTest.codec(a, allowed);
        Codec receiver = CodecTest.codec(b, allowed);
        Pid here = a.spawn(self -> self.receive());
        Pid there = ENGINE.pid(a, "fuzz-b", ENGINE.creation(b), b.pid().id());
        MonitorRef ref = ENGINE.monitorRef(there, a.pid(), 3);
        List<byte[]> seeds = List.of(
                sender.encode(new Frame.Send(there, new Hello(here, "hi"))),
                sender.encode(new Frame.Send(
                        there, List.of(1, 2L, "s", Colour.GREEN, Map.of("k", Set.of(1.5d)), new byte[] {1}))),
                sender.encode(new Frame.Send(there, new Positive(4))),
                sender.encode(new Frame.ExitSignal(here, there, ExitReason.shutdown(List.of("x")), true)),
                sender.encode(new Frame.Monitor(ref, here, there)),
                sender.encode(new Frame.Down(ref, here, there, ExitReason.crash(new RuntimeException("x")))),
                sender.encode(new Frame.SendToName("fuzz-b", "n", 'c')),
                sender.encode(new Frame.Send(there, List.of(new io.otp4j.elsewhere.Money(5, "EUR")))),
                sender.encode(new Frame.Call(7, "fuzz-a", "fuzz-b", null, "server", "x.Y", new Positive(1), 1_000)),
                sender.encode(new Frame.Reply(7, new Hello(here, "back"))),
                sender.encode(new Frame.CallRefused(7, io.otp4j.genserver.spi.Refusal.NOT_FOUND, "none")),
                sender.encode(new Frame.Traced(
                        java.util.Map.of("traceparent", "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01"),
                        new Frame.Cast("fuzz-b", null, "server", new Positive(2)))));
        int decoded = 0;
        int bad = 0;
        for (int round = 0; round < ROUNDS; round++) {
            byte[] frame =
                    round % 4 == 0 ? randomBytes(random) : mutate(random, seeds.get(random.nextInt(seeds.size())));
            try {
                receiver.decode(frame, 0, frame.length);
                decoded++;
            } catch (BadFrameException e) {
                bad++;
            } catch (Throwable t) {
                throw new AssertionError("seed " + seed + ", round " + round + ": " + t, t);
            }
        }
        assertThat(decoded + bad).isEqualTo(ROUNDS);
        assertThat(bad).as("most garbage is bad").isGreaterThan(ROUNDS / 2);
    }

    private static byte[] randomBytes(SplittableRandom random) {
        byte[] bytes = new byte[random.nextInt(64)];
        random.nextBytes(bytes);
        if (bytes.length > 2 && random.nextBoolean()) {
            bytes[0] = Codec.MAGIC;
            bytes[1] = Codec.VERSION;
            bytes[2] = (byte) (1 + random.nextInt(8));
        }
        return bytes;
    }

    private static byte[] mutate(SplittableRandom random, byte[] seed) {
        byte[] bytes = seed.clone();
        int mutations = 1 + random.nextInt(4);
        for (int i = 0; i < mutations; i++) {
            switch (random.nextInt(4)) {
                case 0 -> bytes[random.nextInt(bytes.length)] = (byte) random.nextInt(256);
                case 1 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 << random.nextInt(8));
                case 2 -> bytes = java.util.Arrays.copyOf(bytes, random.nextInt(bytes.length + 1));
                default -> {
                    // A length or count made huge or negative.
                    if (bytes.length > 8) {
                        int at = 3 + random.nextInt(bytes.length - 7);
                        int value = random.nextBoolean() ? Integer.MAX_VALUE : -1;
                        bytes[at] = (byte) (value >>> 24);
                        bytes[at + 1] = (byte) (value >>> 16);
                        bytes[at + 2] = (byte) (value >>> 8);
                        bytes[at + 3] = (byte) value;
                    }
                }
            }
            if (bytes.length == 0) {
                break;
            }
        }
        return bytes;
    }
}
