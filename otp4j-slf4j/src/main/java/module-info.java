/**
 * otp4j slf4j: a {@code System.LoggerFinder} that sends every {@code System.Logger} to SLF4J, with the fields of
 * otp4j's reports as key-value pairs ({@link io.otp4j.slf4j.Slf4jLoggerFinder}).
 */
module io.otp4j.slf4j {
    requires org.slf4j;
    requires static org.jspecify;

    exports io.otp4j.slf4j;

    provides java.lang.System.LoggerFinder with
            io.otp4j.slf4j.Slf4jLoggerFinder;
}
