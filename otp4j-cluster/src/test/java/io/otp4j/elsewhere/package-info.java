/** Classes outside the tests' allow-list. */
@NullMarked
package io.otp4j.elsewhere;

import org.jspecify.annotations.NullMarked;
