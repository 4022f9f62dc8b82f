package io.otp4j.stage.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaModifier;
import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.stage.GenStage;
import org.junit.jupiter.api.Test;

/**
 * The stage layer sits on the process layer and GenServer, and uses nothing above or beside them: the internals
 * and the layers beside are off limits (the layers all modules share); and the stages' own rules.
 */
class StageLayeringTest extends ModuleArchitectureTest {

    StageLayeringTest() {
        super(GenStage.class, "io.otp4j.stage");
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
                .check(production());
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
                .check(production());
    }
}
