package io.otp4j.spring;

import static io.otp4j.genserver.Results.noReply;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCall;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.Result;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * An application whose tree nests a supervisor, {@code store/db}, over a connection that crash-loops: its first
 * {@value #CRASHES} incarnations crash as soon as they start, more than {@code db}'s intensity of {@value
 * #DB_INTENSITY} allows, so {@code db} gives up once and the root restarts it; the next connection stays up.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class NestedTreeApplication {

    static final int DB_INTENSITY = 2;
    static final int CRASHES = DB_INTENSITY + 1;

    /** Made by Spring. */
    public NestedTreeApplication() {}

    /** How many connections started, crashed ones included. */
    @Bean
    AtomicInteger connectionStarts() {
        return new AtomicInteger();
    }

    @Bean
    SupervisionTree store(AtomicInteger connectionStarts) {
        ChildSpec db = ChildSpec.supervisor(
                "db",
                SupervisorFlags.oneForOne()
                        .withIntensity(DB_INTENSITY, Duration.ofMinutes(1))
                        .withoutBackoff(),
                List.of(ChildSpec.worker("connection", () -> new Connection(connectionStarts))));
        return SupervisionTree.of(
                "store",
                SupervisorFlags.oneForOne()
                        .withIntensity(5, Duration.ofMinutes(1))
                        .withoutBackoff(),
                List.of(db));
    }

    /** A connection whose first {@link #CRASHES} incarnations crash right after they start. */
    static final class Connection implements GenServer<Integer, NoCall, NoCast> {
        private final AtomicInteger starts;

        Connection(AtomicInteger starts) {
            this.starts = starts;
        }

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(starts.incrementAndGet()).thenContinue("connect");
        }

        @Override
        public Result<Integer> handleContinue(Object argument, Integer start) {
            if (start <= CRASHES) {
                throw new IllegalStateException("connection " + start + " refused");
            }
            return noReply(start);
        }
    }
}
