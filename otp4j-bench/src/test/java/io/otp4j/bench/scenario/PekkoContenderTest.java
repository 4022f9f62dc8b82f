package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PekkoContenderTest extends ContenderContract {

    @Override
    Contender start() {
        return new PekkoContender();
    }

    @Test
    void pekkoHasNoHibernation() {
        assertThat(contender.memoryPerServer(10, true)).isEmpty();
    }

    @Test
    void pekkoCannotTellItsMailboxLength() throws Exception {
        assertThat(contender.flood(1_000, 50, java.time.Duration.ZERO).peakQueue())
                .isEqualTo(-1);
    }
}
