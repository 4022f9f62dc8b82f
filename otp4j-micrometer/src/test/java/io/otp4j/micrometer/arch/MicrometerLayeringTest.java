package io.otp4j.micrometer.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import io.otp4j.micrometer.CacheMetrics;
import io.otp4j.micrometer.Otp4jMetrics;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The architecture of otp4j-micrometer, on its production classes: a binder on the observation hooks and the
 * public API of otp4j (never its internals or service interfaces), with the cache module needed by the cache binder
 * alone.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MicrometerLayeringTest {

    private JavaClasses production = new ClassFileImporter().importClasses(java.util.List.of());

    @BeforeAll
    void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackagesOf(Otp4jMetrics.class);
        assertThat(production.stream().map(JavaClass::getSimpleName))
                .as("the import found the module's classes, and no test")
                .contains("Otp4jMetrics", "CacheMetrics", "MetricsObserver", "ServerMeters")
                .doesNotContain("Otp4jMetricsTest");
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
                .because("a binder is a user of otp4j: its internals and service interfaces are not exported to it")
                .check(production);
    }

    @Test
    void onlyCacheMetricsNeedsTheCacheModule() {
        noClasses()
                .that()
                .doNotBelongToAnyOf(CacheMetrics.class)
                .should()
                .dependOnClassesThat()
                .resideInAPackage("io.otp4j.cache..")
                .because("otp4j-cache is an optional dependency: a node's meters must load without it")
                .check(production);
    }
}
