package io.otp4j.spring;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ProcessContext;
import io.otp4j.supervisor.ChildSpec;
import io.otp4j.supervisor.SupervisorFlags;
import java.util.List;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Bean;

/** The application of {@link SupervisionTree}'s class documentation: one tree of two servers. */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class OrdersApplication {

    /** Made by Spring. */
    public OrdersApplication() {}

    // @start region="tree"
    @Bean
    SupervisionTree orders() {
        return SupervisionTree.of(
                "orders",
                SupervisorFlags.oneForOne(),
                List.of(ChildSpec.worker("inventory", Inventory::new), ChildSpec.worker("payments", Payments::new)));
    }
    // @end

    /** A server that answers what it is. */
    abstract static class Named implements GenServer<String, Named.What, NoCast> {
        static final ServerType<What, NoCast> TYPE = ServerType.of(Named.class);

        /** Asks the server what it is. */
        record What() implements Call<String> {}

        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok(getClass().getSimpleName());
        }

        @Override
        public CallResult<String> handleCall(What request, From from, String what) {
            return reply(request, what, what);
        }
    }

    /** The inventory of the orders. */
    static final class Inventory extends Named {}

    /** The payments of the orders. */
    static final class Payments extends Named {}
}
