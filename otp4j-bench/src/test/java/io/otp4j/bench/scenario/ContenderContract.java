package io.otp4j.bench.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.OptionalDouble;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every Java contender does, at small sizes: each workload sets up, runs batches that end (a batch that
 * loses a reply never ends and fails with a timeout), and tears down; the flood accounts for every message.
 */
abstract class ContenderContract {

    Contender contender;

    abstract Contender start();

    @BeforeEach
    void startContender() {
        contender = start();
    }

    @AfterEach
    void closeContender() {
        contender.close();
    }

    private static void twoBatches(Bench bench) throws Exception {
        try (bench) {
            assertThat(bench.run()).isPositive();
            assertThat(bench.run()).isPositive();
        }
    }

    @Test
    void calls() throws Exception {
        twoBatches(contender.calls(1, 100));
        twoBatches(contender.calls(4, 400));
    }

    @Test
    void requestsWithRepliesAsMessages() throws Exception {
        twoBatches(contender.requests(1, 100));
        twoBatches(contender.requests(4, 400));
    }

    @Test
    void pooledCallsAndRequests() throws Exception {
        twoBatches(contender.pooledCalls(1, 100));
        twoBatches(contender.pooledCalls(4, 400));
        twoBatches(contender.pooledRequests(4, 400));
    }

    @Test
    void casts() throws Exception {
        twoBatches(contender.casts(1000));
    }

    @Test
    void rateLimiterOnOneServerAndSharded() throws Exception {
        twoBatches(contender.rateLimiter(4, 1, 400));
        twoBatches(contender.rateLimiter(4, 3, 400));
    }

    @Test
    void starts() throws Exception {
        twoBatches(contender.starts(20));
    }

    @Test
    void ring() throws Exception {
        twoBatches(contender.ring(10, 1000));
    }

    @Test
    void mailerSickAndCured() throws Exception {
        twoBatches(contender.mailer(false, 1, 5, Duration.ofMillis(1)));
        twoBatches(contender.mailer(true, 3, 20, Duration.ofMillis(1)));
    }

    @Test
    void scalingGrowsBetweenBatches() throws Exception {
        try (Contender.Scaling scaling = contender.scaling(3, 100)) {
            assertThat(scaling.run()).isPositive();
            scaling.grow(2_000);
            assertThat(scaling.run()).isPositive();
        }
    }

    @Test
    void memoryPerIdleServer() {
        OptionalDouble bytes = contender.memoryPerServer(5_000, false);
        assertThat(bytes).isPresent();
        assertThat(bytes.getAsDouble()).isPositive();
    }

    @Test
    void floodAccountsForEveryMessage() throws Exception {
        Contender.FloodOutcome flood = contender.flood(20_000, 50, Duration.ofNanos(2_000));
        assertThat(flood.sent()).isEqualTo(20_000);
        assertThat(flood.accepted() + flood.rejected()).isEqualTo(20_000);
        assertThat(flood.handled()).isEqualTo(flood.accepted());
        assertThat(flood.accepted()).isPositive();
        assertThat(flood.addsUp()).isTrue();
        assertThat(flood.peakQueue()).isLessThanOrEqualTo(50);
    }
}
