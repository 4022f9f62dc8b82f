package io.otp4j.arch;

import static com.tngtech.archunit.base.DescribedPredicate.not;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.otp4j.process.OtpException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The architecture of otp4j-core, checked on its production classes only. */
class LayeringTest {

    private static JavaClasses production;

    @BeforeAll
    static void importProductionClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.otp4j");
        // Guard against a vacuous pass: the import must have found the three packages.
        assertThat(production.stream().map(JavaClass::getPackageName).distinct())
                .contains(
                        "io.otp4j.internal",
                        "io.otp4j.process",
                        "io.otp4j.time",
                        "io.otp4j.supervisor",
                        "io.otp4j.table",
                        "io.otp4j.registry",
                        "io.otp4j.task");
        assertThat(production.stream().map(JavaClass::getName)).noneMatch(n -> n.endsWith("Test"));
    }

    @Test
    void internalDependsOnlyOnItselfAndTime() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.internal..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(not(resideInAnyPackage("io.otp4j.internal..", "io.otp4j.time.."))))
                .because("the mailboxes are machinery under the process layer, not part of it")
                .check(production);
    }

    @Test
    void timeDependsOnNoOtherOtp4jPackage() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.time..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..").and(not(resideInAPackage("io.otp4j.time.."))))
                .because("the clock is the bottom layer; the test kit's manual clock builds on it alone")
                .check(production);
    }

    @Test
    void supervisorUsesOnlyGenServerProcessAndTime() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.supervisor..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(not(resideInAnyPackage(
                                "io.otp4j.supervisor..",
                                "io.otp4j.genserver..",
                                "io.otp4j.process..",
                                "io.otp4j.time.."))))
                .because("a supervisor is a GenServer over processes; it sits on those layers alone")
                .check(production);
    }

    @Test
    void tasksUseOnlyTheGenServerProcessAndTimeLayers() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.task..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(not(resideInAnyPackage(
                                "io.otp4j.task..", "io.otp4j.genserver..", "io.otp4j.process..", "io.otp4j.time.."))))
                .because("tasks sit beside agents and supervisors, on the GenServer and process layers (DESIGN.md)")
                .check(production);
    }

    @Test
    void registryUsesOnlyTheLayersBelowIt() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.registry..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(not(resideInAnyPackage(
                                "io.otp4j.registry..",
                                "io.otp4j.genserver..",
                                "io.otp4j.process..",
                                "io.otp4j.time.."))))
                .because("a registry is built from processes and implements the generic server's via names")
                .check(production);
    }

    @Test
    void tableUsesOnlyTheProcessLayerAndTime() {
        noClasses()
                .that()
                .resideInAPackage("io.otp4j.table..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j..")
                        .and(not(resideInAnyPackage("io.otp4j.table..", "io.otp4j.process..", "io.otp4j.time.."))))
                .because("tables sit beside the registry and agents, on the process layer: readers never go through"
                        + " a GenServer")
                .check(production);
    }

    @Test
    void nothingBelowTheSupervisorUsesIt() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.otp4j.genserver..", "io.otp4j.process..", "io.otp4j.time..", "io.otp4j.internal..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j.supervisor.."))
                .because("each layer uses only the layers below it (DESIGN.md, Layers)")
                .allowEmptyShould(false)
                .check(production);
    }

    @Test
    void nothingBelowTheTableLayerDependsOnIt() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.otp4j.process..", "io.otp4j.internal..", "io.otp4j.time..", "io.otp4j.genserver..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j.table.."))
                .because("each layer uses only the layers below it")
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void publicTableClassesAreNotExtensible() {
        classes()
                .that()
                .resideInAPackage("io.otp4j.table")
                .and()
                .arePublic()
                .should(beClosedToExtension())
                .because("the table API is sealed interfaces, records, enums and final exceptions")
                .check(production);
    }

    @Test
    void genserverDoesNotDependOnRegistry() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.otp4j.genserver..", "io.otp4j.agent..", "io.otp4j.internal..", "io.otp4j.time..")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j.registry.."))
                .because("via names are a service interface (ViaName) in genserver that the registry implements")
                .check(production);
    }

    @Test
    void noLayerBelowTasksUsesThemButForTheExceptionFamily() {
        noClasses()
                .that()
                .resideInAnyPackage(
                        "io.otp4j.internal..", "io.otp4j.time..", "io.otp4j.genserver..", "io.otp4j.agent..")
                .or()
                .resideInAPackage("io.otp4j.process..")
                .and()
                .doNotHaveSimpleName("OtpException")
                .should()
                .dependOnClassesThat(resideInAPackage("io.otp4j.task.."))
                .because("each layer uses only the layers below it")
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
                .because("waiting is done on the node's clock, by parking or on a condition, never by sleeping")
                .check(production);
    }

    @Test
    void noSynchronizedMethodInInternal() {
        noMethods()
                .that()
                .areDeclaredInClassesThat()
                .resideInAPackage("io.otp4j.internal..")
                .should()
                .haveModifier(JavaModifier.SYNCHRONIZED)
                .because("a synchronized method would pin or block the virtual threads that send and receive")
                .check(production);
    }

    @Test
    void publicProcessClassesAreNotExtensible() {
        classes()
                .that()
                .resideInAnyPackage("io.otp4j.process", "io.otp4j.task")
                .and()
                .arePublic()
                .should(beClosedToExtension())
                .because("the public API of processes and tasks is final except the exception families: sealed, under"
                        + " their open root")
                .check(production);
    }

    /**
     * Final (records and most enums are), an interface or enum, the sealed root of an exception family, or the open
     * root of them all.
     */
    private static ArchCondition<JavaClass> beClosedToExtension() {
        return new ArchCondition<>(
                "be final, records, enums or interfaces (or a sealed exception family, or its root)") {
            @Override
            public void check(JavaClass clazz, ConditionEvents events) {
                Class<?> type = clazz.reflect();
                boolean closed = clazz.isInterface()
                        || clazz.isEnum()
                        || type.isRecord()
                        || clazz.getModifiers().contains(JavaModifier.FINAL)
                        || (type.isSealed() && clazz.getSimpleName().endsWith("Exception"))
                        // The open root of the exception family, so that every layer can add its own.
                        || clazz.isEquivalentTo(OtpException.class);
                events.add(new SimpleConditionEvent(
                        clazz, closed, clazz.getName() + (closed ? " is" : " is not") + " closed to extension"));
            }
        };
    }
}
