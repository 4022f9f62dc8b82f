package io.otp4j.task;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.testing.NullArguments;
import org.junit.jupiter.api.Test;

/** Bad arguments to the task API fail at once, with an exception that names the argument. */
class TaskBadInputTest {

    @Test
    void everyStreamOptionsBuilderNamesItsNullArgument() {
        assertThat(NullArguments.check().builders(StreamOptions.defaults()))
                .containsExactlyInAnyOrder(
                        "StreamOptions.withTimeout(timeout = null)", "StreamOptions.withOnTimeout(onTimeout = null)");
    }

    @Test
    @SuppressWarnings("NullAway") // passes nulls on purpose
    void aTaskSupervisorNamesItsNullArguments() {
        assertThatThrownBy(() -> TaskSupervisor.start(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("node");
        assertThatThrownBy(() -> TaskSupervisor.startLink(null))
                .isInstanceOf(NullPointerException.class)
                .hasMessage("parent");
    }
}
