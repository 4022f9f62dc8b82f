package io.otp4j.cluster;

import io.otp4j.process.ExitReason;
import io.otp4j.process.Pid;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** The messages the tests send across nodes: records and enums of this (allow-listed) package. */
final class Messages {

    private Messages() {}

    /** A message with a sequence number, from one of several senders. */
    public record Numbered(int sender, int n) {}

    /** A message carrying a pid. */
    public record Hello(Pid from, String text) {}

    /** Every kind of component the codec carries, a byte array among them on purpose. */
    @SuppressWarnings("ArrayRecordComponent")
    public record Everything(
            String s,
            int i,
            long l,
            short sh,
            byte b,
            char c,
            boolean z,
            float f,
            double d,
            Colour colour,
            List<Object> list,
            java.util.Set<String> set,
            Map<String, Integer> map,
            byte[] bytes,
            Pid pid,
            ExitReason reason) {
        public Everything {
            Objects.requireNonNull(s, "s");
        }
    }

    /** An enum, one constant with a body. */
    public enum Colour {
        RED,
        GREEN {
            @Override
            public String toString() {
                return "green";
            }
        }
    }

    /** A record that refuses negative values: a frame that carries one is bad. */
    public record Positive(int value) {
        public Positive {
            if (value < 0) {
                throw new IllegalArgumentException("negative");
            }
        }
    }
}
