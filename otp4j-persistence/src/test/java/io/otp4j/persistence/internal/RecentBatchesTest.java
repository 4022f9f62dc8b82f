package io.otp4j.persistence.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A committer's linger waits for the largest of its last batches, not for the last one's size. */
class RecentBatchesTest {

    @Test
    void aBurstSplitOnceIsWaitedForWhole() {
        RecentBatches recent = new RecentBatches();
        assertThat(recent.largest()).isZero();
        recent.add(32);
        recent.add(29);
        recent.add(3); // a burst of 32 split by a gap: the next linger still waits for 32
        assertThat(recent.largest()).isEqualTo(32);
    }

    @Test
    void aPopulationThatShrinksIsForgottenAfterEightBatches() {
        RecentBatches recent = new RecentBatches();
        recent.add(32);
        for (int i = 1; i < RecentBatches.KEPT; i++) {
            recent.add(4);
            assertThat(recent.largest()).as("after %d batches of 4", i).isEqualTo(32);
        }
        recent.add(4);
        assertThat(recent.largest()).isEqualTo(4);
        recent.add(6);
        recent.add(5);
        assertThat(recent.largest()).isEqualTo(6);
        for (int i = 0; i < RecentBatches.KEPT - 1; i++) {
            recent.add(1);
        }
        assertThat(recent.largest()).as("the 6 has gone, the 5 has not").isEqualTo(5);
        recent.add(1);
        assertThat(recent.largest()).isEqualTo(1);
    }
}
