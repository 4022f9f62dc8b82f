package io.otp4j.opentelemetry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.GenServerRef;
import io.otp4j.observe.Observation;
import io.otp4j.process.Node;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

/** The caller's MDC fields arrive in the handler, and cross nodes as prefixed fields. */
class MdcCarrierTest {

    @AfterEach
    void clearTheTestThreadsMdc() {
        MDC.clear();
    }

    @Test
    void mdcFieldsArriveInTheHandlerThroughCallCastAndSend() throws InterruptedException {
        try (Node node = Node.start("mdc-local")) {
            Observation.of(node).carry(MdcCarrier.all());
            Recorder recorder = new Recorder();
            GenServerRef<Recorder.Ask, String> server = GenServer.start(node, recorder);

            MDC.put("request", "r1");
            assertThat(server.call(new Recorder.Ask()).request()).isEqualTo("r1");
            assertThat(recorder.next().request()).isEqualTo("r1");
            MDC.put("request", "r2");
            server.cast("hello");
            assertThat(recorder.next()).isEqualTo(new Recorder.Seen("cast", "", "r2"));
            MDC.put("request", "r3");
            node.send(server.pid(), "plain");
            assertThat(recorder.next()).isEqualTo(new Recorder.Seen("info", "", "r3"));

            MDC.clear();
            server.cast("after");
            assertThat(recorder.next().request())
                    .as("the handler's thread got its own (empty) MDC back after each handler")
                    .isEmpty();
        }
    }

    @Test
    void onlyTheNamedKeysAreCarried() {
        MdcCarrier carrier = MdcCarrier.of("request");
        MDC.put("user", "u1");
        assertThat(carrier.capture())
                .as("no named key is set: nothing to carry")
                .isNull();
        MDC.put("request", "r1");
        assertThat(carrier.capture()).isEqualTo(Map.of("request", "r1"));
        assertThat(carrier.toFields(Map.of("request", "r1"))).isEqualTo(Map.of("mdc.request", "r1"));
        assertThat(carrier.fromFields(Map.of("mdc.request", "r1", "mdc.user", "u1", "traceparent", "x")))
                .isEqualTo(Map.of("request", "r1"));
        assertThat(MdcCarrier.all().fromFields(Map.of("mdc.user", "u1", "traceparent", "x")))
                .isEqualTo(Map.of("user", "u1"));
        assertThat(carrier.fromFields(Map.of("traceparent", "x"))).isNull();
    }

    @Test
    void attachRestoresWhatTheThreadHadBefore() {
        MdcCarrier carrier = MdcCarrier.all();
        MDC.put("mine", "1");
        try (var attached = carrier.attach(Map.of("request", "r1"))) {
            assertThat(MDC.get("request")).isEqualTo("r1");
            assertThat(MDC.get("mine")).isNull();
        }
        assertThat(MDC.getCopyOfContextMap()).isEqualTo(Map.of("mine", "1"));
    }

    @Test
    void badKeysAreRefusedWithTheProblemNamed() {
        assertThatThrownBy(MdcCarrier::of)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("name at least one MDC key");
        assertThatThrownBy(() -> MdcCarrier.of("request", " "))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("must not be blank");
    }
}
