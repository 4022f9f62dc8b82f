package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OtpContenderTest extends ContenderContract {

    @Override
    Contender start() {
        return new OtpContender();
    }

    @Test
    void hibernatedServersAreMeasuredToo() {
        assertThat(contender.memoryPerServer(2_000, true)).isPresent();
    }

    @Test
    void floodPeakQueueIsSeen() throws Exception {
        assertThat(contender
                        .flood(20_000, 50, java.time.Duration.ofNanos(2_000))
                        .peakQueue())
                .isBetween(0L, 50L);
    }
}
