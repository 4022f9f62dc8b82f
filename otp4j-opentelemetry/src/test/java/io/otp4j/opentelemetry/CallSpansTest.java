package io.otp4j.opentelemetry;

import static io.otp4j.genserver.Results.noReply;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.CallTimeoutException;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.Result;
import io.otp4j.genserver.StartOptions;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import io.otp4j.process.ProcessContext;
import io.otp4j.testing.Eventually;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@link TraceContextCarrier#withSpans}: a client span per call on the caller, a server span as its child. */
class CallSpansTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    /** A server that never answers a call. */
    private static final class Silent implements GenServer<Integer, Silent.Wait, String> {
        record Wait() implements Call<String> {}

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Wait request, From from, Integer n) {
            return noReply(n);
        }

        @Override
        public Result<Integer> handleCast(String request, Integer n) {
            return noReply(n);
        }
    }

    private static Tracer tracer() {
        return OTEL.getOpenTelemetry().getTracer("otp4j-test");
    }

    private static void installSpans(Node node) {
        Tracer tracer = tracer();
        Observation observation = Observation.of(node);
        // @start region="spans"
        TraceContextCarrier tracing = TraceContextCarrier.w3c().withSpans(tracer);
        observation.carry(tracing);
        observation.add(tracing); // ends each client span when its call ends
        // @end
    }

    @Test
    void oneCallMakesAClientSpanAndAServerSpanAsItsChild() throws InterruptedException {
        try (Node node = Node.start("spans")) {
            installSpans(node);
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server =
                    GenServer.start(node, recorder, StartOptions.defaults().withName("recorder"));

            Recorder.Seen seen = server.call(new Recorder.Ask());
            server.cast("no span for a cast");
            assertThat(recorder.next().how()).isEqualTo("call");
            assertThat(recorder.next().how()).isEqualTo("cast");

            Eventually.until(() -> OTEL.getSpans().size() >= 2, "both spans are exported");
            List<SpanData> spans = OTEL.getSpans();
            assertThat(spans).hasSize(2);
            SpanData client = only(spans, SpanKind.CLIENT);
            SpanData serverSpan = only(spans, SpanKind.SERVER);
            assertThat(client.getName()).isEqualTo("otp4j call recorder");
            assertThat(client.getParentSpanContext().isValid())
                    .as("a call from no span starts a trace")
                    .isFalse();
            assertThat(client.getAttributes().asMap())
                    .containsEntry(
                            io.opentelemetry.api.common.AttributeKey.stringKey("otp4j.target"),
                            server.pid().toString())
                    .containsEntry(
                            io.opentelemetry.api.common.AttributeKey.stringKey("otp4j.request.type"),
                            Recorder.Ask.class.getName());
            assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
            assertThat(serverSpan.getParentSpanId()).isEqualTo(client.getSpanId());
            assertThat(serverSpan.getTraceId()).isEqualTo(client.getTraceId());
            assertThat(seen.traceId()).as("the handler runs in the trace").isEqualTo(client.getTraceId());
        }
    }

    @Test
    void aCallThatTimesOutEndsItsClientSpanWithAnError() {
        try (Node node = Node.start("spans-timeout")) {
            installSpans(node);
            GenServerRef<Silent.Wait, String> server = GenServer.start(node, new Silent());

            assertThatThrownBy(() -> server.call(new Silent.Wait(), Duration.ofMillis(50)))
                    .isInstanceOf(CallTimeoutException.class);

            Eventually.until(() -> OTEL.getSpans().size() >= 2, "both spans are exported");
            SpanData client = only(OTEL.getSpans(), SpanKind.CLIENT);
            assertThat(client.getName()).isEqualTo("otp4j call Wait");
            assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
            assertThat(client.getStatus().getDescription()).isEqualTo("TIMEOUT");
        }
    }

    @Test
    void withoutSpansACallExportsNone() throws InterruptedException {
        try (Node node = Node.start("no-spans")) {
            TraceContextCarrier tracing = TraceContextCarrier.w3c();
            Observation.of(node).carry(tracing);
            Observation.of(node).add(tracing);
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, recorder);

            server.call(new Recorder.Ask());
            assertThat(recorder.next().how()).isEqualTo("call");

            assertThat(OTEL.getSpans()).isEmpty();
        }
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> ofKind = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(ofKind).as("one %s span", kind).hasSize(1);
        return ofKind.getFirst();
    }
}
