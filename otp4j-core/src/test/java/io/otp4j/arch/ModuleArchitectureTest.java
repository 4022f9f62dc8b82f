package io.otp4j.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchCondition;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.ConditionEvents;
import com.tngtech.archunit.lang.SimpleConditionEvent;
import io.otp4j.process.OtpException;
import java.net.URL;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The rules every module of otp4j keeps, each module checking them on its own production classes: the layers,
 * no cycle between packages, and closed exception families. A module's architecture test extends this class and
 * names one of its production classes and the packages the import must find. The other modules get this class
 * from otp4j-core's test jar, which holds only the tests' shared helpers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
public abstract class ModuleArchitectureTest {

    private final Class<?> anchor;
    private final List<String> packages;
    private JavaClasses production = new ClassFileImporter().importClasses(List.of());

    /**
     * @param anchor a production class of the module: its classes are imported from where this one was loaded
     * @param packages the packages the import must find, so that the rules cannot pass on nothing
     */
    protected ModuleArchitectureTest(Class<?> anchor, String... packages) {
        this.anchor = anchor;
        this.packages = List.of(packages);
    }

    @BeforeAll
    final void importProductionClasses() {
        URL location = anchor.getProtectionDomain().getCodeSource().getLocation();
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importUrl(location);
        // Guard against a vacuous pass: the import found the module's packages, and no test.
        assertThat(production.stream().map(JavaClass::getPackageName).distinct())
                .as("packages imported from %s", location)
                .containsAll(packages);
        assertThat(production.stream()
                        .map(c -> c.getSource().map(source -> source.getUri().toString())))
                .allSatisfy(source -> assertThat(source)
                        .hasValueSatisfying(uri -> assertThat(uri).doesNotContain("/test-classes/")));
    }

    /** {@return the module's production classes} */
    protected final JavaClasses production() {
        return production;
    }

    /**
     * The layers of otp4j, bottom up, over all its modules: each layer uses only the layers below it, and of
     * those only the ones named (the internals are the machinery of the process layer and the call path). Every package of a
     * checked module must belong to a layer, so a new one is placed on purpose.
     */
    static ArchRule layers() {
        return layeredArchitecture()
                .consideringOnlyDependenciesInLayers()
                .withOptionalLayers(true)
                .ensureAllClassesAreContainedInArchitecture()
                .layer("Time")
                .definedBy("io.otp4j.time..")
                .layer("Internal")
                .definedBy("io.otp4j.internal..")
                .layer("Process")
                .definedBy("io.otp4j.process..")
                .layer("Observe")
                .definedBy("io.otp4j.observe..")
                .layer("GenServer")
                .definedBy("io.otp4j.genserver..")
                .layer("Agent")
                .definedBy("io.otp4j.agent..")
                .layer("Supervisor")
                .definedBy("io.otp4j.supervisor..")
                .layer("Registry")
                .definedBy("io.otp4j.registry..")
                .layer("Table")
                .definedBy("io.otp4j.table..")
                .layer("Task")
                .definedBy("io.otp4j.task..")
                .layer("Cache")
                .definedBy("io.otp4j.cache..")
                .layer("Stage")
                .definedBy("io.otp4j.stage..")
                .layer("Persistence")
                .definedBy("io.otp4j.persistence..")
                .layer("Cluster")
                .definedBy("io.otp4j.cluster..")
                .layer("Observer")
                .definedBy("io.otp4j.observer..")
                .layer("Spring")
                .definedBy("io.otp4j.spring..")
                .layer("Slf4j")
                .definedBy("io.otp4j.slf4j..")
                .layer("TestKit")
                .definedBy("io.otp4j.testkit..")
                .layer("Examples")
                .definedBy("io.otp4j.examples..")
                // The clock is the bottom layer; the test kit's manual clock builds on it alone.
                .whereLayer("Time")
                .mayNotAccessAnyLayer()
                // The mailboxes and the spin policy are machinery under the process layer and the generic server's
                // call path, not part of them, and not exported.
                .whereLayer("Internal")
                .mayOnlyAccessLayers("Time")
                .whereLayer("Internal")
                .mayOnlyBeAccessedByLayers("Process", "GenServer")
                .whereLayer("Process")
                .mayOnlyAccessLayers("Internal", "Time")
                // Observation hooks: installed on a node, reported through by the layers above (ADR 31).
                .whereLayer("Observe")
                .mayOnlyAccessLayers("Process", "Time")
                // Via names are a service interface (ViaName) in genserver that the registry implements.
                .whereLayer("GenServer")
                .mayOnlyAccessLayers("Process", "Observe", "Internal", "Time")
                // Agents, supervisors, the registry and tasks sit side by side on the generic server.
                .whereLayer("Agent")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                .whereLayer("Supervisor")
                .mayOnlyAccessLayers("GenServer", "Observe", "Process", "Time")
                .whereLayer("Registry")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                .whereLayer("Task")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                // Tables and the cache are kept by a GenServer of their own, but readers never go through it.
                .whereLayer("Table")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                .whereLayer("Cache")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                .whereLayer("Stage")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                // Durable servers wrap a generic server's callbacks and store what they return (ADR 33).
                .whereLayer("Persistence")
                .mayOnlyAccessLayers("GenServer", "Process", "Time")
                // The cluster is a transport under the process layer's remote route; its distributed supervisor
                // runs each node's children under a local supervisor (ADR 29).
                .whereLayer("Cluster")
                .mayOnlyAccessLayers("GenServer", "Observe", "Process", "Supervisor", "Time")
                // The dashboard looks at every layer from outside, through their public APIs (ADR 32).
                .whereLayer("Observer")
                .mayOnlyAccessLayers(
                        "GenServer",
                        "Observe",
                        "Process",
                        "Supervisor",
                        "Registry",
                        "Table",
                        "Cache",
                        "Stage",
                        "Cluster",
                        "Time")
                .whereLayer("Observer")
                .mayOnlyBeAccessedByLayers("Examples")
                // The Spring Boot starter runs supervision trees on a node, from outside, through the public APIs.
                .whereLayer("Spring")
                .mayOnlyAccessLayers("GenServer", "Observe", "Process", "Supervisor", "Time")
                .whereLayer("Spring")
                .mayOnlyBeAccessedByLayers("Examples")
                // The SLF4J bridge reads only the text of what is logged: it knows no otp4j type.
                .whereLayer("Slf4j")
                .mayNotAccessAnyLayer()
                .whereLayer("Slf4j")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("TestKit")
                .mayNotBeAccessedByAnyLayer()
                .whereLayer("Examples")
                .mayNotBeAccessedByAnyLayer()
                .because("each layer uses only the layers below it");
    }

    /** No cycle between the packages of otp4j: none between modules (Maven forbids them), none within one. */
    static ArchRule packagesAreFreeOfCycles() {
        return slices().matching("io.otp4j.(*)..")
                .should()
                .beFreeOfCycles()
                .because("a cycle ties packages into one that cannot be layered, understood or split");
    }

    /**
     * A sealed type permits only types of its own package. ArchUnit sees no dependency in a {@code permits}
     * clause, so this rule closes the blind spot through which OtpException once named its subclasses in five
     * higher packages.
     */
    static ArchRule sealedTypesPermitOnlyTheirOwnPackage() {
        return classes()
                .should(new ArchCondition<>("permit only types of their own package, when sealed") {
                    @Override
                    public void check(JavaClass clazz, ConditionEvents events) {
                        for (Class<?> permitted : permittedSubclasses(clazz.reflect())) {
                            boolean local = permitted.getPackageName().equals(clazz.getPackageName());
                            events.add(new SimpleConditionEvent(
                                    clazz,
                                    local,
                                    clazz.getName() + " permits " + permitted.getName()
                                            + (local ? ", of its package" : ", of another package")));
                        }
                    }
                })
                .allowEmptyShould(true);
    }

    private static List<Class<?>> permittedSubclasses(Class<?> type) {
        Class<?>[] permitted = type.getPermittedSubclasses();
        return permitted == null ? List.of() : Arrays.asList(permitted);
    }

    /** The errors of each layer are a closed family under the open root: final, or sealed in their package. */
    static ArchRule exceptionFamiliesAreClosed() {
        return classes()
                .that()
                .areAssignableTo(OtpException.class)
                .and()
                .doNotBelongToAnyOf(OtpException.class)
                .should(new ArchCondition<>("be final or sealed") {
                    @Override
                    public void check(JavaClass clazz, ConditionEvents events) {
                        boolean closed = clazz.getModifiers().contains(JavaModifier.FINAL)
                                || clazz.reflect().isSealed();
                        events.add(new SimpleConditionEvent(
                                clazz,
                                closed,
                                clazz.getName() + (closed ? " is" : " is neither") + " final nor sealed"));
                    }
                })
                .because("the root OtpException is open so that every layer can add its errors; each layer keeps"
                        + " its own family closed (ADR 19)")
                .allowEmptyShould(true);
    }

    @Test
    final void eachLayerUsesOnlyTheLayersBelowIt() {
        layers().check(production);
    }

    @Test
    final void packagesHaveNoCycle() {
        packagesAreFreeOfCycles().check(production);
    }

    @Test
    final void sealedTypesPermitOnlyTypesOfTheirPackage() {
        sealedTypesPermitOnlyTheirOwnPackage().check(production);
    }

    @Test
    final void exceptionFamiliesAreClosedUnderTheOpenRoot() {
        exceptionFamiliesAreClosed().check(production);
    }
}
