package io.otp4j.cluster;

import static io.otp4j.genserver.Results.noReply;
import static io.otp4j.genserver.Results.reply;
import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.observe.Observation;
import io.otp4j.process.Pid;
import io.otp4j.process.ProcessContext;
import io.otp4j.process.spi.Engine;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A caller's context crosses a remote call, cast and send over JGroups' shared loopback, into the handler. */
class RemoteContextTest extends TwoMembers {

    private static final Engine ENGINE = Engine.get();

    RemoteContextTest() {
        super("context");
    }

    /** Answers a call, and notes for every message the trace id its handler ran under ("" for none). */
    public static final class Noter implements GenServer<Integer, Noter.Ask, String> {
        public record Ask() implements Call<String> {}

        static final BlockingQueue<String> SEEN = new LinkedBlockingQueue<>();

        static String seen() {
            @Nullable String id = TraceIds.current();
            return id == null ? "" : id;
        }

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Ask request, From from, Integer n) {
            SEEN.add(seen());
            return reply(request, seen(), n);
        }

        @Override
        public Result<Integer> handleCast(String request, Integer n) {
            SEEN.add(seen());
            return noReply(n);
        }

        @Override
        public Result<Integer> handleInfo(Object message, Integer n) {
            SEEN.add(seen());
            return noReply(n);
        }
    }

    @AfterEach
    void clear() {
        TraceIds.set(null);
        Noter.SEEN.clear();
    }

    private static String next() throws InterruptedException {
        String seen = Noter.SEEN.poll(10, TimeUnit.SECONDS);
        assertThat(seen).as("a handler ran within 10 seconds").isNotNull();
        return seen;
    }

    @Test
    void theTraceIdCrossesARemoteCallCastAndSend() throws InterruptedException {
        Observation.of(a.node()).carry(new TraceIds());
        Observation.of(b.node()).carry(new TraceIds());
        GenServerRef<Noter.Ask, String> local =
                GenServer.start(b.node(), new Noter(), StartOptions.defaults().withName("noter"));
        GenServerRef<Noter.Ask, String> remote =
                GenServerRef.named(a.node(), "context-b", "noter", ServerType.of(Noter.class));

        TraceIds.set("trace-1");
        assertThat(remote.call(new Noter.Ask())).isEqualTo("trace-1");
        assertThat(next()).isEqualTo("trace-1");
        TraceIds.set("trace-2");
        remote.cast("hello");
        assertThat(next()).isEqualTo("trace-2");
        TraceIds.set("trace-3");
        a.node().send(remotePid(local), "plain");
        assertThat(next()).isEqualTo("trace-3");
        TraceIds.set("trace-4");
        a.send("context-b", "noter", "by name");
        assertThat(next()).isEqualTo("trace-4");

        TraceIds.set(null);
        remote.cast("after");
        assertThat(next()).as("no context: none arrives, none is left over").isEmpty();
    }

    @Test
    void withoutACarrierOnTheSenderNothingCrosses() throws InterruptedException {
        Observation.of(b.node()).carry(new TraceIds());
        GenServer.start(b.node(), new Noter(), StartOptions.defaults().withName("noter"));
        GenServerRef<Noter.Ask, String> remote =
                GenServerRef.named(a.node(), "context-b", "noter", ServerType.of(Noter.class));
        TraceIds.set("trace-1");
        assertThat(remote.call(new Noter.Ask())).isEmpty();
        assertThat(next()).isEmpty();
    }

    /** {@return the pid of {@code local}'s server as node a holds it} */
    private Pid remotePid(GenServerRef<?, ?> local) {
        Pid pid = local.pid();
        return ENGINE.pid(a.node(), pid.node(), ENGINE.creation(pid), pid.id());
    }
}
