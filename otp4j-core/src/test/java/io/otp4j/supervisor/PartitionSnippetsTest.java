package io.otp4j.supervisor;

import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The code of {@link PartitionSupervisor}'s class comment, run as written: the {@code @start region} is what its
 * {@code {@snippet}} shows.
 */
class PartitionSnippetsTest {

    /** How many requests a key is allowed: a budget that never refills, so that the test can count. */
    private static final int BUDGET = 2;

    sealed interface Request<R> extends Call<R> {}

    /** Takes one of the key's permits: true if it had one left. */
    record TryAcquire(String key) implements Request<Boolean> {}

    static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(RateLimiterServer.class);

    /** A partition: the permits used so far by each key it owns. */
    static final class RateLimiterServer implements GenServer<Map<String, Integer>, Request<?>, NoCast> {
        @Override
        public Init<Map<String, Integer>> init(ProcessContext self) {
            return Init.ok(new HashMap<>());
        }

        @Override
        public CallResult<Map<String, Integer>> handleCall(Request<?> request, From from, Map<String, Integer> used) {
            return switch (request) {
                case TryAcquire acquire -> {
                    int before = used.getOrDefault(acquire.key(), 0);
                    if (before >= BUDGET) {
                        yield reply(acquire, false, used);
                    }
                    used.put(acquire.key(), before + 1);
                    yield reply(acquire, true, used);
                }
            };
        }
    }

    @Test
    void limitersByKey() {
        try (Node node = Node.start("partition-snippet")) {
            String userId = "user-42";
            // @start region="partitions"
            PartitionSupervisor limiters = PartitionSupervisor.start(node, "limiters", 8, p -> new RateLimiterServer());
            boolean allowed = limiters.call(userId, new TryAcquire(userId)); // routed by the key userId
            GenServerRef<Request<?>, NoCast> mine = limiters.ref(userId, TYPE); // or hold the partition's reference
            // @end
            assertThat(allowed).isTrue();
            assertThat(limiters.partitions()).isEqualTo(8);
            // The reference is the partition the key routes to: it sees the permit the first call took.
            assertThat(mine.pid()).isEqualTo(limiters.pid(userId));
            assertThat(mine.call(new TryAcquire(userId))).isTrue();
            assertThat(limiters.call(userId, new TryAcquire(userId))).isFalse(); // the budget of 2 is used up
            assertThat(limiters.call("user-7", new TryAcquire("user-7"))).isTrue(); // another key, its own budget
            limiters.supervisor().stop();
            Eventually.until(() -> node.processCount() == 0, "every partition gone");
        }
    }
}
