package io.otp4j.persistence;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/** A test class with a private PostgreSQL server of its own, started before its tests and stopped by pid after. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class PostgresTests {

    private PostgresServer postgres;

    @BeforeAll
    final void startPostgres() throws Exception {
        postgres = PostgresServer.start();
    }

    @AfterAll
    final void stopPostgres() {
        if (postgres != null) {
            postgres.close();
        }
    }

    /** {@return the class's server} */
    final PostgresServer postgres() {
        return postgres;
    }
}
