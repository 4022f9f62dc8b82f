package io.otp4j.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.testing.NullArguments;
import org.junit.jupiter.api.Test;

/** Bad arguments to the cache's options fail at once, with an exception that names the argument. */
class CacheBadInputTest {

    @Test
    void everyOptionsBuilderNamesItsNullArgument() {
        assertThat(NullArguments.check().builders(CacheOptions.defaults()))
                .contains(
                        "CacheOptions.withTtl(ttl = null)",
                        "CacheOptions.withName(name = null)",
                        "CacheOptions.withLockTimeout(lockTimeout = null)",
                        "CacheOptions.withRemovalListener(listener = null)");
    }
}
