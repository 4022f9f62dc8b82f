package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import org.junit.jupiter.api.Test;

/** A server's credit for its callers' polls (ADR 36): polls while they catch replies, rarely once they keep missing. */
class CallerPollTest {

    /** How many of {@code draws} calls would poll. */
    private static int polls(ServerCore core, int draws) {
        int polls = 0;
        for (int i = 0; i < draws; i++) {
            if (core.callerPolls()) {
                polls++;
            }
        }
        return polls;
    }

    @Test
    void callersStopPollingAfterMissesInARowAndStartAgainAtTheFirstCatch() {
        try (Node node = Node.start("poll")) {
            Counter counter = Counter.start(node, 0);
            ServerCore core = counter.ref().core();
            assertThat(polls(core, 1_000)).as("a new server's callers poll").isEqualTo(1_000);

            for (int i = 0; i < Spin.CREDIT - 1; i++) {
                core.callerPolled(false);
            }
            assertThat(polls(core, 1_000)).as("one miss short of the credit").isEqualTo(1_000);
            core.callerPolled(true);
            for (int i = 0; i < Spin.CREDIT - 1; i++) {
                core.callerPolled(false);
            }
            assertThat(polls(core, 1_000))
                    .as("a catch restores the whole credit")
                    .isEqualTo(1_000);

            core.callerPolled(false);
            // About one call in 16 tries again: 62.5 of 1,000 expected, with a spread of about 8.
            assertThat(polls(core, 1_000)).as("credit spent").isBetween(20, 150);
            core.callerPolled(false); // misses below zero stay at zero
            assertThat(polls(core, 1_000)).isBetween(20, 150);

            core.callerPolled(true);
            assertThat(polls(core, 1_000)).as("a catch while retrying").isEqualTo(1_000);
            assertThat(counter.get()).as("the server still answers").isZero();
        }
    }
}
