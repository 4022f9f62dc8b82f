package io.otp4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.opentelemetry.sdk.testing.junit5.OpenTelemetryExtension;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.otp4j.cluster.Cluster;
import io.otp4j.cluster.ClusterConfig;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.genserver.ServerType;
import io.otp4j.genserver.StartOptions;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import io.otp4j.testing.Eventually;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.MDC;

/** A caller's trace and MDC cross a remote call to a handler on another node (JGroups' shared loopback). */
class ClusterTraceTest {

    @RegisterExtension
    static final OpenTelemetryExtension OTEL = OpenTelemetryExtension.create();

    private final List<AutoCloseable> opened = new ArrayList<>();

    @AfterEach
    void closeNodes() throws Exception {
        MDC.clear();
        for (int i = opened.size() - 1; i >= 0; i--) {
            opened.get(i).close();
        }
    }

    private Cluster join(String clusterName, String nodeName) {
        return join(clusterName, nodeName, TraceContextCarrier.w3c());
    }

    private Cluster join(String clusterName, String nodeName, TraceContextCarrier tracing) {
        Node node = Node.start(nodeName);
        opened.add(node);
        Observation.of(node).carry(tracing);
        opened.add(Observation.of(node).add(tracing));
        Observation.of(node).carry(MdcCarrier.of("request"));
        Cluster cluster = Cluster.join(
                node,
                ClusterConfig.of(clusterName)
                        .withTransport(ClusterConfig.Transport.SHARED_LOOPBACK)
                        .withSecret("trace-test-secret")
                        .withAllowedPackage("io.otp4j.opentelemetry"));
        opened.add(cluster);
        return cluster;
    }

    @Test
    void theTraceIdAndMdcCrossARemoteCallIntoTheHandler() throws InterruptedException {
        String clusterName = "otp4j-trace-" + UUID.randomUUID();
        Cluster a = join(clusterName, "trace-a");
        Cluster b = join(clusterName, "trace-b");
        Eventually.until(
                () -> a.nodes().contains("trace-b") && b.nodes().contains("trace-a"), "the nodes see each other");
        Recorder recorder = new Recorder();
        GenServer.start(b.node(), recorder, StartOptions.defaults().withName("recorder"));
        GenServerRef<Recorder.Ask, String> remote =
                GenServerRef.named(a.node(), "trace-b", "recorder", ServerType.of(Recorder.class));

        Span span = OTEL.getOpenTelemetry()
                .getTracer("test")
                .spanBuilder("checkout")
                .startSpan();
        String traceId = span.getSpanContext().getTraceId();
        try (Scope ignored = span.makeCurrent()) {
            MDC.put("request", "r-7");
            assertThat(remote.call(new Recorder.Ask())).isEqualTo(new Recorder.Seen("call", traceId, "r-7"));
            remote.cast("hello");
            assertThat(recorder.next()).isEqualTo(new Recorder.Seen("call", traceId, "r-7"));
            assertThat(recorder.next()).isEqualTo(new Recorder.Seen("cast", traceId, "r-7"));
        } finally {
            span.end();
        }
    }

    @Test
    void aRemoteCallHasItsClientSpanOnTheCallersNodeAndItsServerSpanOnTheServers() throws InterruptedException {
        String clusterName = "otp4j-spans-" + UUID.randomUUID();
        Tracer tracer = OTEL.getOpenTelemetry().getTracer("test");
        Cluster a = join(clusterName, "spans-a", TraceContextCarrier.w3c().withSpans(tracer));
        Cluster b = join(clusterName, "spans-b", TraceContextCarrier.w3c().withSpans(tracer));
        Eventually.until(
                () -> a.nodes().contains("spans-b") && b.nodes().contains("spans-a"), "the nodes see each other");
        Recorder recorder = new Recorder();
        GenServer.start(b.node(), recorder, StartOptions.defaults().withName("recorder"));
        GenServerRef<Recorder.Ask, String> remote =
                GenServerRef.named(a.node(), "spans-b", "recorder", ServerType.of(Recorder.class));

        Span checkout = tracer.spanBuilder("checkout").startSpan();
        try (Scope ignored = checkout.makeCurrent()) {
            remote.call(new Recorder.Ask());
            remote.cast("no span for a cast");
            recorder.next();
            recorder.next();
        } finally {
            checkout.end();
        }

        Eventually.until(() -> OTEL.getSpans().size() >= 3, "the checkout, client and server spans ended");
        List<SpanData> spans = OTEL.getSpans();
        SpanData client = only(spans, SpanKind.CLIENT);
        SpanData server = only(spans, SpanKind.SERVER);
        String traceId = checkout.getSpanContext().getTraceId();
        assertThat(client.getName()).isEqualTo("otp4j call recorder");
        assertThat(client.getTraceId()).isEqualTo(traceId);
        assertThat(client.getParentSpanId()).isEqualTo(checkout.getSpanContext().getSpanId());
        assertThat(client.getAttributes().get(AttributeKey.stringKey("otp4j.outcome")))
                .isEqualTo("REPLIED");
        assertThat(client.getStatus().getStatusCode()).isEqualTo(StatusCode.UNSET);
        assertThat(server.getName()).isEqualTo("otp4j call recorder");
        assertThat(server.getTraceId()).isEqualTo(traceId);
        assertThat(server.getParentSpanId())
                .as("the server span, on the other node, is the client span's child")
                .isEqualTo(client.getSpanId());
        assertThat(server.getParentSpanContext().isRemote()).isTrue();
        assertThat(spans).hasSize(3);
    }

    private static SpanData only(List<SpanData> spans, SpanKind kind) {
        List<SpanData> ofKind = spans.stream().filter(s -> s.getKind() == kind).toList();
        assertThat(ofKind).as("the %s spans", kind).hasSize(1);
        return ofKind.get(0);
    }
}
