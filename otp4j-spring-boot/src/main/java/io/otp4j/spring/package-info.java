/**
 * A Spring Boot starter for otp4j.
 *
 * <ul>
 *   <li>{@link io.otp4j.spring.Otp4jAutoConfiguration}: a {@link io.otp4j.process.Node} bean ({@code
 *       otp4j.node-name}), closed when the context closes, after the trees.
 *   <li>{@link io.otp4j.spring.SupervisionTree}: declare a tree as a bean; {@link
 *       io.otp4j.spring.SupervisionTrees} starts the trees in order once the context is refreshed and stops them
 *       in reverse order at shutdown.
 *   <li>{@link io.otp4j.spring.Otp4jHealthIndicator}: the actuator's {@code otp4j} health, UP while the node is
 *       open and every tree's supervisor is alive and within its restart intensity.
 * </ul>
 */
@NullMarked
package io.otp4j.spring;

import org.jspecify.annotations.NullMarked;
