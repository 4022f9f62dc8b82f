package io.otp4j.cache.arch;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture of otp4j-cache, checked on its production classes only. */
class CacheLayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.otp4j.cache");
        // Guard against a vacuous pass: the import must have found the cache's classes, and no test.
        assertThat(production.stream().map(JavaClass::getSimpleName)).contains("Cache", "CacheOptions", "KeyLocks");
        assertThat(production.stream().map(JavaClass::getName)).noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void theCacheUsesOnlyTheProcessLayerAndTheClockOfOtp4j() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.cache..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(DescribedPredicate.not(
                                resideInAnyPackage("io.otp4j.cache..", "io.otp4j.process..", "io.otp4j.time.."))))
                .because("the cache sits beside the registry and tables, above processes; it needs no GenServer, and"
                        + " the core's internals are not exported")
                .check(production);
    }

    @Test
    void noProductionCodeCallsThreadSleep() {
        noClasses()
                .should()
                .callMethodWhere(new DescribedPredicate<JavaCall<?>>("Thread.sleep") {
                    @Override
                    public boolean test(JavaCall<?> call) {
                        return call.getTargetOwner().isEquivalentTo(Thread.class)
                                && call.getName().equals("sleep");
                    }
                })
                .because("time is the node's clock; waiting is done on locks and futures with bounds")
                .check(production);
    }

    @Test
    void publicClassesAreClosedToExtension() {
        classes()
                .that()
                .resideInAPackage("io.otp4j.cache")
                .and()
                .arePublic()
                .and()
                .areNotInterfaces()
                .and()
                .areNotEnums()
                .should()
                .haveModifier(JavaModifier.FINAL)
                .orShould()
                .haveSimpleName("CacheException")
                .because("the public API is final classes, records, enums and interfaces, and one sealed exception"
                        + " family")
                .check(production);
    }
}
