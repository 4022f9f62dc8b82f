package io.otp4j.cluster;

import io.otp4j.process.Pid;
import io.otp4j.testkit.TestProbe;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Processes that register themselves in a {@link ClusterRegistry} and stay until they are told to go, for the
 * registry's tests: each tells a probe whether its registration went through.
 */
final class Registrants {

    private Registrants() {}

    /** What a registrant tells the probe: its key, itself, and the exception its register threw, if any. */
    record Outcome(String key, Pid pid, Optional<RuntimeException> failure) {
        boolean registered() {
            return failure.isEmpty();
        }
    }

    /** Spawns a process of {@code registry}'s node that registers {@code key} with {@code value} and tells {@code probe}. */
    static Pid spawn(ClusterRegistry<String, String> registry, String key, String value, TestProbe probe) {
        return registry.cluster().node().spawn(self -> {
            try {
                registry.register(self, key, value);
            } catch (RuntimeException e) {
                self.send(probe.pid(), new Outcome(key, self.self(), Optional.of(e)));
                return;
            }
            self.send(probe.pid(), new Outcome(key, self.self(), Optional.empty()));
            self.receive(); // stays until it is stopped
        });
    }

    /** {@return a registrant of {@code key}}, once it is registered; fails with what its register threw */
    static Pid registered(ClusterRegistry<String, String> registry, String key, String value) {
        TestProbe probe = TestProbe.spawn(registry.cluster().node());
        try {
            spawn(registry, key, value, probe);
            Outcome outcome = probe.expectMessage(Outcome.class, Duration.ofSeconds(10));
            if (!outcome.registered()) {
                throw outcome.failure().orElseThrow();
            }
            return outcome.pid();
        } finally {
            probe.stop();
        }
    }

    /** {@return the outcomes of {@code count} registrants}, as they come */
    static List<Outcome> outcomes(TestProbe probe, int count, Duration bound) {
        List<Outcome> outcomes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            outcomes.add(probe.expectMessage(Outcome.class, bound));
        }
        return outcomes;
    }
}
