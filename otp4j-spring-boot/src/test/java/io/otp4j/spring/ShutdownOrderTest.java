package io.otp4j.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.otp4j.process.Node;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Closing the application: trees newest first, each child in reverse order, then the beans, then the node. */
class ShutdownOrderTest {

    @Test
    void closingTheContextStopsTheTreesInReverseOrderThenClosesTheNode() {
        ConfigurableApplicationContext context = new SpringApplicationBuilder(TreesApplication.class)
                .properties("otp4j.node-name=shutdown-order", "spring.main.banner-mode=off")
                .run();
        Node node = context.getBean(Node.class);
        List<String> events = context.getBean(TreesApplication.StopLog.class).events();

        context.close();

        assertThat(events).containsExactly("mailer", "payments", "inventory", "node user destroyed, node open");
        assertThat(node.isClosed()).isTrue();
        assertThat(node.processCount()).isZero();
    }

    @Test
    void aBadSettingFailsTheStartNamingIt() {
        assertThatThrownBy(() -> new SpringApplicationBuilder(TreesApplication.class)
                        .properties("otp4j.node-name= ", "spring.main.banner-mode=off")
                        .run()
                        .close())
                .hasRootCauseMessage("otp4j.node-name must not be blank");
    }
}
