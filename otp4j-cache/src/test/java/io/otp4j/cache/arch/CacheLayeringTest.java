package io.otp4j.cache.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noFields;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.cache.Cache;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of otp4j-cache, checked on its production classes only: the rules all modules share (among
 * them that the cache stands on the generic server, the process layer and the clock of otp4j, and not on the
 * core's internals, which are not exported), and the cache's own.
 */
class CacheLayeringTest extends ModuleArchitectureTest {

    CacheLayeringTest() {
        super(Cache.class, "io.otp4j.cache");
    }

    @BeforeAll
    void theImportFoundTheCachesClasses() {
        assertThat(production().stream().map(JavaClass::getSimpleName)).contains("Cache", "CacheOptions", "KeyLocks");
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
                .check(production());
    }

    @Test
    void noStaticMapKeepsCaches() {
        noFields()
                .that()
                .areStatic()
                .should()
                .haveRawType(JavaClass.Predicates.assignableTo(Map.class))
                .because("live caches are kept per node, in the node's service slot, and go with it")
                .check(production());
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
                .check(production());
    }
}
