package io.otp4j.opentelemetry.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.opentelemetry.MdcCarrier;
import io.otp4j.opentelemetry.TraceContextCarrier;
import org.junit.jupiter.api.Test;

/** The rules every otp4j module keeps, on otp4j-opentelemetry's production classes, and the module's own. */
class OpenTelemetryLayeringTest extends ModuleArchitectureTest {

    OpenTelemetryLayeringTest() {
        super(TraceContextCarrier.class, "io.otp4j.opentelemetry");
    }

    @Test
    void onlyMdcCarrierNeedsSlf4j() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(MdcCarrier.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("org.slf4j..")
                .because("SLF4J is an optional dependency: the trace context must load without it")
                .check(production());
    }
}
