package io.otp4j.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noMethods;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.otp4j.process.OtpException;
import org.junit.jupiter.api.Test;

/**
 * The architecture of otp4j-core, checked on its production classes only: the rules all modules share (the
 * layers, no package cycle, closed exception families; see {@link ModuleArchitectureTest}), and the core's own.
 */
class LayeringTest extends ModuleArchitectureTest {

    LayeringTest() {
        super(
                OtpException.class,
                "io.otp4j.internal",
                "io.otp4j.process",
                "io.otp4j.observe",
                "io.otp4j.time",
                "io.otp4j.genserver",
                "io.otp4j.agent",
                "io.otp4j.supervisor",
                "io.otp4j.table",
                "io.otp4j.registry",
                "io.otp4j.task");
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
                .check(production());
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
                .check(production());
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
                .check(production());
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
                .check(production());
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
                        // The open root of the exception family, so that every layer can add its own (ADR 19).
                        || clazz.isEquivalentTo(OtpException.class);
                events.add(new SimpleConditionEvent(
                        clazz, closed, clazz.getName() + (closed ? " is" : " is not") + " closed to extension"));
            }
        };
    }
}
