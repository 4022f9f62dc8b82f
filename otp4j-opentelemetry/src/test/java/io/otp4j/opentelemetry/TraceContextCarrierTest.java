package io.otp4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The caller's OpenTelemetry context arrives in the handler, through call, cast and send, and as text fields. */
class TraceContextCarrierTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private static Tracer tracer() {
        return OTEL.getOpenTelemetry().getTracer("otp4j-test");
    }

    @Test
    void callCastAndSendFromInsideASpanArriveInTheHandlerWithItsTraceId() throws InterruptedException {
        try (Node node = Node.start("trace-local")) {
            // @start region="carry"
            Observation.of(node).carry(TraceContextCarrier.w3c());
            // @end
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, recorder);

            Span span = tracer().spanBuilder("request").startSpan();
            String traceId = span.getSpanContext().getTraceId();
            try (Scope ignored = span.makeCurrent()) {
                assertThat(server.call(new Recorder.Ask()).traceId()).isEqualTo(traceId);
                assertThat(recorder.next()).isEqualTo(new Recorder.Seen("call", traceId, ""));
                server.cast("hello");
                assertThat(recorder.next()).isEqualTo(new Recorder.Seen("cast", traceId, ""));
                node.send(server.pid(), "plain");
                assertThat(recorder.next()).isEqualTo(new Recorder.Seen("info", traceId, ""));
            } finally {
                span.end();
            }

            // Outside any span nothing is carried, and the handler's thread kept nothing from before.
            server.cast("after");
            assertThat(recorder.next()).isEqualTo(new Recorder.Seen("cast", "", ""));
        }
    }

    @Test
    void withoutTheCarrierTheHandlerSeesNoTrace() throws InterruptedException {
        try (Node node = Node.start("trace-none")) {
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, recorder);
            Span span = tracer().spanBuilder("request").startSpan();
            try (Scope ignored = span.makeCurrent()) {
                server.cast("hello");
                assertThat(recorder.next().traceId()).isEmpty();
            } finally {
                span.end();
            }
        }
    }

    @Test
    void theContextCrossesAsW3cFieldsAndComesBack() {
        TraceContextCarrier carrier = TraceContextCarrier.w3c();
        assertThat(carrier.capture()).as("the root context carries nothing").isNull();
        Span span = tracer().spanBuilder("request").startSpan();
        Context context = Context.current()
                .with(span)
                .with(Baggage.builder().put("tenant", "t1").build());
        try (Scope ignored = context.makeCurrent()) {
            Context captured = Objects.requireNonNull(carrier.capture(), "a span is current: captured");
            Map<String, String> fields = carrier.toFields(captured);
            assertThat(fields).containsKeys("traceparent", "baggage");
            assertThat(fields.get("traceparent")).contains(span.getSpanContext().getTraceId());

            Context back = Objects.requireNonNull(carrier.fromFields(fields), "read back");
            assertThat(Span.fromContext(back).getSpanContext().getTraceId())
                    .isEqualTo(span.getSpanContext().getTraceId());
            assertThat(Span.fromContext(back).getSpanContext().getSpanId())
                    .isEqualTo(span.getSpanContext().getSpanId());
            assertThat(Span.fromContext(back).getSpanContext().isRemote()).isTrue();
            assertThat(Baggage.fromContext(back).getEntryValue("tenant")).isEqualTo("t1");
        } finally {
            span.end();
        }
        assertThat(carrier.fromFields(Map.of())).isNull();
        assertThat(carrier.fromFields(Map.of("traceparent", "not a trace parent")))
                .isNull();
        assertThat(carrier.fromFields(Map.of("mdc.request", "r1"))).isNull();
    }
}
