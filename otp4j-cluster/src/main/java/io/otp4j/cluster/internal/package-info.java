/** The join token that JGroups' AUTH protocol instantiates by name; exported to JGroups only. */
@NullMarked
package io.otp4j.cluster.internal;

import org.jspecify.annotations.NullMarked;
