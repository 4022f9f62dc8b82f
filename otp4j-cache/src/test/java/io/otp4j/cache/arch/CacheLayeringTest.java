package io.otp4j.cache.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaCall;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaModifier;
import io.otp4j.arch.ModuleArchitectureTest;
import io.otp4j.cache.Cache;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The architecture of otp4j-cache, checked on its production classes only: the rules all modules share (among
 * them that the cache uses only the process layer and the clock of otp4j: it needs no GenServer, and the core's
 * internals are not exported), and the cache's own.
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
