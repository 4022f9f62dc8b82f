/**
 * The machinery under {@code io.otp4j.persistence}: the group committer and the SQL of the stores. Not exported.
 */
@NullMarked
package io.otp4j.persistence.internal;

import org.jspecify.annotations.NullMarked;
