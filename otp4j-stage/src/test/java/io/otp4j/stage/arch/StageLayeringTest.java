package io.otp4j.stage.arch;

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

/**
 * The stage layer sits on the process layer and GenServer, and uses nothing above or beside them (DESIGN.md,
 * "Layers"); and no layer of otp4j-core depends on it.
 */
class StageLayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.otp4j");
        assertThat(production.stream().map(JavaClass::getPackageName).distinct())
                .contains("io.otp4j.stage", "io.otp4j.genserver", "io.otp4j.process");
    }

    @Test
    void stagesUseOnlyTheProcessGenServerAndTimeLayers() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.stage..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(DescribedPredicate.not(resideInAnyPackage(
                                "io.otp4j.stage..", "io.otp4j.genserver..", "io.otp4j.process..", "io.otp4j.time.."))))
                .because("stages are built on processes and GenServer; the internals and the layers beside are off"
                        + " limits")
                .check(production);
    }

    @Test
    void lowerLayersDoNotKnowStages() {
        noClasses()
                .that()
                .resideInAnyPackage("io.otp4j.process..", "io.otp4j.genserver..", "io.otp4j.internal..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j.stage.."))
                .check(production);
    }

    @Test
    void noStageCodeSleeps() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.stage..")
                .should()
                .callMethodWhere(new DescribedPredicate<JavaCall<?>>("Thread.sleep") {
                    @Override
                    public boolean test(JavaCall<?> call) {
                        return call.getTargetOwner().isEquivalentTo(Thread.class)
                                && call.getName().equals("sleep");
                    }
                })
                .check(production);
    }

    @Test
    void publicStageClassesAreClosedToExtension() {
        classes()
                .that()
                .resideInAPackage("io.otp4j.stage")
                .and()
                .arePublic()
                .and()
                .areNotInterfaces()
                .should()
                .haveModifier(JavaModifier.FINAL)
                .orShould()
                .beRecords()
                .orShould()
                .beEnums()
                .check(production);
    }
}
