package io.otp4j.task;

import static org.assertj.core.api.Assertions.assertThat;

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
}
