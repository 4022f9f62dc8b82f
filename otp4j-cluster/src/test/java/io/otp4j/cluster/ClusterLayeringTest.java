package io.otp4j.cluster;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaModifier;
import io.otp4j.arch.ModuleArchitectureTest;
import org.junit.jupiter.api.Test;

/**
 * The architecture of otp4j-cluster, on its production classes: the rules all modules share (the cluster uses
 * only the process layer, the generic server and the clock of otp4j), and its own. It sits in the module's
 * package so that a test run filtered to {@code io.otp4j.cluster.*Test} includes it.
 */
class ClusterLayeringTest extends ModuleArchitectureTest {

    ClusterLayeringTest() {
        super(Cluster.class, "io.otp4j.cluster", "io.otp4j.cluster.internal");
    }

    @Test
    void noClassUsesJavaSerialization() {
        noClasses()
                .should()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.ObjectInputStream")
                .orShould()
                .dependOnClassesThat()
                .haveFullyQualifiedName("java.io.ObjectOutputStream")
                .because("the wire format decodes only allow-listed classes (ADR 23)")
                .check(production());
    }

    @Test
    void publicClassesAreClosedToExtension() {
        classes()
                .that()
                .resideInAPackage("io.otp4j.cluster")
                .and()
                .arePublic()
                .and()
                .areNotInterfaces()
                .and()
                .areNotEnums()
                .should()
                .haveModifier(JavaModifier.FINAL)
                .because("the public API is final classes, records, enums and interfaces")
                .check(production());
    }
}
