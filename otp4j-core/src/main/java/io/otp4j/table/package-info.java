/**
 * Tables: ETS-like shared tables of keyed objects.
 */
@NullMarked
package io.otp4j.table;

import org.jspecify.annotations.NullMarked;
