package io.otp4j.bench.scenario;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/** The work the scenarios' servers do, and the keys their clients use. */
public final class Work {

    /** Keys the rate limiter's clients and the mailer's jobs use: {@code user-0} to {@code user-999}. */
    public static final List<String> KEYS =
            IntStream.range(0, 1000).mapToObj(i -> "user-" + i).toList();

    private Work() {}

    /** {@return the key client {@code client} uses for its {@code i}th request} */
    public static String key(int client, int i) {
        return KEYS.get(Math.floorMod(client * 31 + i, KEYS.size()));
    }

    /** Keeps the CPU busy for {@code nanos} (a slow handler's computation). */
    public static void spin(long nanos) {
        long end = System.nanoTime() + nanos;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    /** Blocks for {@code duration} (a slow handler's I/O: the mailer's SMTP round trip). */
    public static void block(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while working", e);
        }
    }
}
