package io.otp4j.micrometer.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.micrometer.CacheMetrics;
import io.otp4j.micrometer.Otp4jMetrics;
import org.junit.jupiter.api.Test;

/** The rules every otp4j module keeps, on otp4j-micrometer's production classes, and the module's own. */
class MicrometerLayeringTest extends ModuleArchitectureTest {

    MicrometerLayeringTest() {
        super(Otp4jMetrics.class, "io.otp4j.micrometer");
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
                .check(production());
    }
}
