package io.otp4j.spring;

import io.otp4j.genserver.StartOptions;
import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.SupervisorFlags;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.annotation.Order;

/** An application with two supervision trees, as a user of the starter declares them. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class TreesApplication {

    /** Made by Spring. */
    public TreesApplication() {}

    /** What stopped, in order: the workers' terminates, then the node's close. */
    @Bean
    StopLog stopLog() {
        return new StopLog(new CopyOnWriteArrayList<>());
    }

    /** Started first, so stopped last. */
    @Bean
    @Order(1)
    SupervisionTree orders(StopLog log) {
        return SupervisionTree.of(
                "orders",
                SupervisorFlags.oneForOne()
                        .withIntensity(1, Duration.ofMinutes(1))
                        .withoutBackoff(),
                List.of(worker("inventory", log), worker("payments", log)));
    }

    @Bean
    @Order(2)
    SupervisionTree mail(StopLog log) {
        return SupervisionTree.of("mail", SupervisorFlags.oneForOne(), List.of(worker("mailer", log)));
    }

    /** A bean that uses the node: destroyed before the node closes, as it depends on it. */
    @Bean
    NodeUser nodeUser(Node node, StopLog log) {
        return new NodeUser(node, log);
    }

    private static ChildSpec worker(String name, StopLog log) {
        return ChildSpec.worker(
                name,
                () -> new Worker(name, log.events()),
                StartOptions.defaults().withName(name));
    }

    /** The order things stopped in. */
    record StopLog(List<String> events) {}

    /** Notes, as it is destroyed, whether the node was still open. */
    record NodeUser(Node node, StopLog log) implements org.springframework.beans.factory.DisposableBean {
        @Override
        public void destroy() {
            log.events().add("node user destroyed, node " + (node.isClosed() ? "closed" : "open"));
        }
    }
}
