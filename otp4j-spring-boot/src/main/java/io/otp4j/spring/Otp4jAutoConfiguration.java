package io.otp4j.spring;

import io.otp4j.process.Node;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * otp4j for a Spring Boot application: a {@link Node} (unless the application defines one), the {@link
 * SupervisionTree} beans started on it, and, with Spring Boot's health support on the class path, the {@code otp4j}
 * health indicator.
 *
 * <h2>Shutdown, in order</h2>
 *
 * When the context closes, the trees stop first, newest first, each stopping its children in reverse start order
 * within {@code otp4j.shutdown-timeout}; then the node closes, sending {@code shutdown} to whatever processes are
 * left and killing those still alive after its grace period. Beans that use the node (and call its servers from
 * their own destroy methods) are destroyed before it, as they depend on it.
 */
@AutoConfiguration
@EnableConfigurationProperties(Otp4jProperties.class)
public class Otp4jAutoConfiguration {

    /** Made by Spring. */
    public Otp4jAutoConfiguration() {}

    /**
     * {@return the application's node, named by {@code otp4j.node-name}}; closed when the context closes
     *
     * @param properties the starter's settings ({@code otp4j.*}); its node name names the node
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public Node otp4jNode(Otp4jProperties properties) {
        return Node.start(properties.nodeName());
    }

    /**
     * {@return the declared supervision trees, started with the context and stopped before the node closes}
     *
     * @param node the application's node, on which the trees run
     * @param trees the application's {@link SupervisionTree} beans, in their {@code @Order}
     * @param properties the starter's settings; its shutdown timeout is each tree's time to stop its children
     */
    @Bean
    @ConditionalOnMissingBean
    public SupervisionTrees otp4jSupervisionTrees(
            Node node, ObjectProvider<SupervisionTree> trees, Otp4jProperties properties) {
        return new SupervisionTrees(node, trees.orderedStream().toList(), properties.shutdownTimeout());
    }

    /** The health indicator, with Spring Boot's health support. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    public static class HealthConfiguration {

        /** Made by Spring. */
        public HealthConfiguration() {}

        /**
         * {@return the {@code otp4j} health indicator}
         *
         * @param trees the trees whose health it reports, and their node
         */
        @Bean
        @ConditionalOnMissingBean(name = "otp4jHealthIndicator")
        public Otp4jHealthIndicator otp4jHealthIndicator(SupervisionTrees trees) {
            return new Otp4jHealthIndicator(trees);
        }
    }
}
