package io.otp4j.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.otp4j.process.Node;
import io.otp4j.supervisor.ChildInfo;
import io.otp4j.supervisor.Supervisor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.annotation.DirtiesContext;

/** The bean of {@link SupervisionTree}'s class documentation starts its tree, found by the tree's name. */
@SpringBootTest(classes = OrdersApplication.class, properties = "otp4j.node-name=orders-doc-test")
@DirtiesContext // the context's node is closed with it, not cached for other test classes
class SupervisionTreeDocTest {

    @Autowired
    Node node;

    @Test
    void theDeclaredTreeRunsItsChildrenUnderARootRegisteredByItsName() {
        Supervisor orders = Supervisor.whereis(node, "orders").orElseThrow();
        assertThat(orders.whichChildren()).extracting(ChildInfo::id).containsExactly("inventory", "payments");
        assertThat(orders.countChildren().active()).isEqualTo(2);
    }
}
