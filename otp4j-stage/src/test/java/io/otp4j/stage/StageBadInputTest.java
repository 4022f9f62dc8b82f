package io.otp4j.stage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.NullArguments;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Bad arguments to the stages' options fail at once, with an exception that names the argument. */
class StageBadInputTest {

    private final NullArguments check = NullArguments.check().with(Dispatcher.class, Dispatcher.demand());

    @Test
    void everySubscribeOptionsBuilderNamesItsNullArgument() {
        assertThat(check.builders(SubscribeOptions.defaults()))
                .containsExactlyInAnyOrder(
                        "SubscribeOptions.withCancel(cancel = null)", "SubscribeOptions.withSelector(selector = null)");
    }

    @Test
    void everyConsumerSupervisorOptionsBuilderNamesItsNullArgument() {
        assertThat(check.builders(ConsumerSupervisor.Options.defaults()))
                .containsExactlyInAnyOrder(
                        "Options.withRestart(restart = null)", "Options.withIntensity(period = null)");
    }

    @Test
    void everyStageInitBuilderNamesItsNullArgument() {
        assertThat(check.builders(StageInit.of("state")))
                .contains(
                        "StageInit.of(state = null)",
                        "StageInit.withDispatcher(dispatcher = null)",
                        "StageInit.withBuffer(keep = null)",
                        "StageInit.withDemand(demand = null)");
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void theStagesEntryPointsNameTheirNullArguments() {
        assertThatThrownBy(() -> GenStage.stream(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("producer");
        assertThatThrownBy(() -> FlowAdapters.publisher(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("producer");
        assertThatThrownBy(() -> ConsumerSupervisor.whichChildren(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("supervisor");
        assertThatThrownBy(() -> StageResults.noReply(List.of(), null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("state");
        assertThatThrownBy(() -> Subscribed.automatic(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("state");
    }
}
