package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.StartOptions;
import io.otp4j.testing.NullArguments;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad arguments to the supervisor API fail at once, with an exception that names the argument. */
class SupervisorBadInputTest {

    private final NullArguments check = NullArguments.check()
            .with(SupervisorFlags.class, SupervisorFlags.oneForOne())
            .with(StartOptions.class, StartOptions.defaults());

    @Test
    void everySupervisorFlagsBuilderNamesItsNullArgument() {
        assertThat(check.builders(SupervisorFlags.oneForOne()))
                .contains(
                        "SupervisorFlags.of(strategy = null)",
                        "SupervisorFlags.withIntensity(period = null)",
                        "SupervisorFlags.withAutoShutdown(autoShutdown = null)",
                        "SupervisorFlags.withBackoff(backoff = null)");
    }

    @Test
    void everyChildSpecBuilderNamesItsNullArgument() {
        ChildSpec spec = ChildSpec.of("child", supervisor -> {
            throw new UnsupportedOperationException("never started");
        });
        assertThat(check.builders(spec))
                .contains(
                        "ChildSpec.of(id = null)",
                        "ChildSpec.of(start = null)",
                        "ChildSpec.worker(server = null)",
                        "ChildSpec.supervisor(children = null)",
                        "ChildSpec.withRestart(restart = null)",
                        "ChildSpec.withShutdown(shutdown = null)",
                        "ChildSpec.withType(type = null)",
                        "ChildSpec.withId(id = null)");
    }

    @Test
    void everyBackoffBuilderNamesItsNullArgument() {
        assertThat(check.builders(Backoff.exponential(Duration.ofMillis(10), Duration.ofSeconds(1))))
                .contains(
                        "Backoff.exponential(min = null)",
                        "Backoff.exponential(max = null)",
                        "Backoff.withResetAfter(resetAfter = null)",
                        "Backoff.withRandom(random = null)");
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void theSupervisorsEntryPointsNameTheirNullArguments() {
        assertThatThrownBy(() -> Supervisor.start(null, SupervisorFlags.oneForOne(), List.of()))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        assertThatThrownBy(() -> Supervisor.whereis(null, "name"))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        assertThatThrownBy(() -> DynamicSupervisor.start(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        assertThatThrownBy(() -> PartitionSupervisor.partitionOf(null, 2))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("key");
        assertThatThrownBy(() -> PartitionSupervisor.partitionName(null, 1))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("name");
    }
}
