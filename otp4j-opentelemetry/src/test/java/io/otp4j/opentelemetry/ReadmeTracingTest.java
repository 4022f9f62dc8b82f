package io.otp4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** The README's "Metrics and tracing" snippet for tracing, as written there, and what it yields. */
class ReadmeTracingTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    @AfterEach
    void clearMdc() {
        MDC.clear();
    }

    @Test
    void theReadmeSnippetCarriesTheTraceAndTheMdcIntoTheHandler() {
        try (Node node = Node.start("shop")) {
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, recorder);
            Span span = OTEL.getOpenTelemetry()
                    .getTracer("shop")
                    .spanBuilder("checkout")
                    .startSpan();

            // --- README: Metrics and tracing (tracing) ---
            Observation observation = Observation.of(node);
            observation.carry(TraceContextCarrier.w3c()); // the caller's span and baggage
            observation.carry(MdcCarrier.of("request")); // the caller's MDC field "request"

            try (Scope scope = span.makeCurrent()) {
                MDC.put("request", "r-42");
                Recorder.Seen seen = server.call(new Recorder.Ask()); // the handler runs under both
                // --- end of the snippet ---

                assertThat(seen)
                        .isEqualTo(
                                new Recorder.Seen("call", span.getSpanContext().getTraceId(), "r-42"));
            } finally {
                span.end();
            }
        }
    }

    @Test
    void theReadmeSnippetForSpansMakesAClientAndAServerSpanPerCall() {
        try (Node node = Node.start("shop-spans")) {
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, new Recorder());
            Tracer tracer = OTEL.getOpenTelemetry().getTracer("shop");
            Observation observation = Observation.of(node);

            // --- README: Metrics and tracing (spans) ---
            TraceContextCarrier tracing = TraceContextCarrier.w3c().withSpans(tracer); // spans per call
            observation.carry(tracing);
            observation.add(tracing); // ends each client span when its call ends
            // --- end of the snippet ---

            Recorder.Seen seen = server.call(new Recorder.Ask());
            Eventually.until(() -> OTEL.getSpans().size() == 2, "a client and a server span");
            assertThat(OTEL.getSpans())
                    .extracting(SpanData::getKind)
                    .containsExactlyInAnyOrder(SpanKind.CLIENT, SpanKind.SERVER);
            assertThat(OTEL.getSpans())
                    .allSatisfy(s -> assertThat(s.getTraceId()).isEqualTo(seen.traceId()));
        }
    }
}
