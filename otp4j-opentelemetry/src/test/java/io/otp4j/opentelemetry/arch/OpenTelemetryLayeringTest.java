package io.otp4j.opentelemetry.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.otp4j.opentelemetry.MdcCarrier;
import io.otp4j.opentelemetry.TraceContextCarrier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The architecture of otp4j-opentelemetry, on its production classes: carriers on the public observation SPI of
 * otp4j (never its internals or service interfaces), with SLF4J needed by the MDC carrier alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenTelemetryLayeringTest {

    private JavaClasses production = new ClassFileImporter().importClasses(java.util.List.of());

    @BeforeAll
    void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackagesOf(TraceContextCarrier.class);
        assertThat(production.stream().map(JavaClass::getSimpleName))
                .as("the import found the module's classes, and no test")
                .contains("TraceContextCarrier", "MdcCarrier")
                .doesNotContain("Recorder");
    }

    @Test
    void usesOnlyThePublicApiOfOtp4j() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .resideInAnyPackage(
                        "io.otp4j.internal..",
                        "io.otp4j.process.spi..",
                        "io.otp4j.genserver.spi..",
                        "io.otp4j.observe.spi..")
                .because("a carrier is a user of otp4j: its internals and service interfaces are not exported to it")
                .check(production);
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
                .check(production);
    }
}
