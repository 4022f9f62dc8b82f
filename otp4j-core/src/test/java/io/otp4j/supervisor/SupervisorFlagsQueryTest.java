package io.otp4j.supervisor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A running supervisor answers with the flags it was started with, plain or dynamic alike. */
class SupervisorFlagsQueryTest extends TreeTest {

    @Test
    void aSupervisorAnswersWithItsFlags() {
        SupervisorFlags flags = SupervisorFlags.oneForAll().withIntensity(2, Duration.ofSeconds(7));
        Supervisor sup = Supervisor.start(node, flags, List.of(Worker.spec("w", events)));
        events.expect("start w");
        assertThat(sup.flags()).isEqualTo(flags);
    }

    @Test
    void aDynamicSupervisorAnswersThroughItsHandleAsASupervisor() {
        SupervisorFlags flags = SupervisorFlags.oneForOne().withIntensity(9, Duration.ofMinutes(1));
        DynamicSupervisor sup = DynamicSupervisor.start(node, flags, DynamicSupervisor.UNLIMITED);
        assertThat(Supervisor.of(sup.pid()).orElseThrow().flags()).isEqualTo(flags);
    }
}
