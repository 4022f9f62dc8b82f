package io.otp4j.genserver;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.ExitReason;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The shapes callbacks return are made by {@link Results} and {@link Init}'s factories only: none has a public
 * constructor that would take a reply of the wrong type, and their fluent methods keep what they were given.
 */
class ResultShapesTest {

    record Get() implements Call<Integer> {}

    @Test
    void noShapeHasAPublicConstructor() {
        List<Class<?>> shapes = new ArrayList<>();
        Deque<Class<?>> todo = new ArrayDeque<>(List.of(CallResult.class, Init.class));
        while (!todo.isEmpty()) {
            Class<?> shape = todo.pop();
            shapes.add(shape);
            Class<?>[] permitted = shape.getPermittedSubclasses();
            if (permitted != null) {
                todo.addAll(List.of(permitted));
            }
        }
        shapes.add(Started.class);

        assertThat(shapes)
                .contains(
                        CallResult.Reply.class,
                        CallResult.StopReply.class,
                        Result.class,
                        Result.NoReply.class,
                        Result.Stop.class,
                        Init.Ok.class,
                        Init.Ignore.class,
                        Init.Stop.class);
        for (Class<?> shape : shapes) {
            assertThat(shape.getConstructors()).as(shape.getName()).isEmpty();
        }
    }

    @Test
    void theFluentMethodsKeepTheReplyAndTheState() {
        CallResult.Reply<String> reply = Results.reply(new Get(), 7, "s").withTimeout(Duration.ofSeconds(3));
        Result.NoReply<String> noReply = Results.noReply("t").thenContinue("more");
        Init.Ok<String> ok = Init.<String>ok("u").hibernate();

        assertThat(reply.value()).isEqualTo(7);
        assertThat(reply.state()).isEqualTo("s");
        assertThat(reply.next()).isEqualTo(new Next.Timeout(Duration.ofSeconds(3)));
        assertThat(noReply.state()).isEqualTo("t");
        assertThat(noReply.next()).isEqualTo(new Next.Continue("more"));
        assertThat(ok.state()).isEqualTo("u");
        assertThat(ok.next()).isEqualTo(Next.Hibernate.INSTANCE);
        assertThat(Results.stop(ExitReason.normal(), "v")).isInstanceOf(Result.Stop.class);
        assertThat(Results.stopReply(ExitReason.normal(), new Get(), 1, "w").state())
                .isEqualTo("w");
    }
}
