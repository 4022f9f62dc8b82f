package io.otp4j.testkit;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A test with its own node: {@code @Test} plus {@link OtpExtension}. The test method may ask for a {@link
 * io.otp4j.process.Node} and a {@link ManualClock} as parameters.
 *
 * {@snippet class="io.otp4j.testkit.PackageExampleTest" region="otptest"}
 */
@Target({ElementType.METHOD, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Test
@ExtendWith(OtpExtension.class)
public @interface OtpTest {}
