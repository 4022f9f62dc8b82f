package io.otp4j.persistence.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.persistence.Durable;
import org.junit.jupiter.api.Test;

/**
 * The architecture of otp4j-persistence, checked on its production classes: the rules all modules share (it
 * stands on the generic server and the process layer, not on the core's internals), and its own.
 */
class PersistenceLayeringTest extends ModuleArchitectureTest {

    PersistenceLayeringTest() {
        super(Durable.class, "io.otp4j.persistence", "io.otp4j.persistence.internal");
    }

    @Test
    void onlyTheStoresAndTheirMachineryUseJdbc() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.persistence")
                .and()
                .haveNameNotMatching("io\\.otp4j\\.persistence\\.SqlStore.*")
                .should()
                .dependOnClassesThat()
                .resideInAPackage("java.sql..")
                .because("durable servers speak to the DurableStore SPI; SQL stays in the stores")
                .check(production());
    }

    @Test
    void publicClassesAreClosedToExtension() {
        classes()
                .that()
                .resideInAPackage("io.otp4j.persistence")
                .and()
                .arePublic()
                .and()
                .areNotInterfaces()
                .and()
                .areNotEnums()
                .should()
                .haveModifier(JavaModifier.FINAL)
                .orShould()
                .haveSimpleName("DurableException")
                .because("the public API is final classes, records, enums and interfaces, and one sealed exception"
                        + " family")
                .check(production());
    }
}
