package io.otp4j.cluster;

import static io.otp4j.genserver.Results.reply;

import io.otp4j.genserver.Call;
import io.otp4j.genserver.CallResult;
import io.otp4j.genserver.From;
import io.otp4j.genserver.GenServer;
import io.otp4j.genserver.Init;
import io.otp4j.genserver.NoCast;
import io.otp4j.genserver.ServerType;
import io.otp4j.process.ProcessContext;

/** The servers and messages of the cluster's package and class docs: a shop's billing, kitchen and shards. */
public final class Shop {

    private Shop() {}

    /** A message sent to a name on another node. */
    public record Invoice(String order) {}

    /** What billing answers a charge with. */
    public record Receipt(String order, int cents) {}

    /** A shard's identity, the argument its kind is started with. */
    public record ShardId(int number) {}

    /** Charges orders: each charge is answered with a receipt. */
    public static final class Billing implements GenServer<Integer, Billing.Charge, NoCast> {
        static final ServerType<Charge, NoCast> TYPE = ServerType.of(Billing.class);

        /** Charges {@code cents} for {@code order}. */
        public record Charge(String order, int cents) implements Call<Receipt> {}

        @Override
        public Init<Integer> init(ProcessContext self) {
            return Init.ok(0);
        }

        @Override
        public CallResult<Integer> handleCall(Charge charge, From from, Integer charged) {
            return reply(charge, new Receipt(charge.order(), charge.cents()), charged + charge.cents());
        }
    }

    /** Cooks what it is ordered, under the name of its cook. */
    public static final class Kitchen implements GenServer<String, Kitchen.Order, NoCast> {
        static final ServerType<Order, NoCast> TYPE = ServerType.of(Kitchen.class);

        /** Orders {@code dish}; the answer says who cooked it. */
        public record Order(String dish) implements Call<String> {}

        private final String cook;

        Kitchen(String cook) {
            this.cook = cook;
        }

        @Override
        public Init<String> init(ProcessContext self) {
            return Init.ok(cook);
        }

        @Override
        public CallResult<String> handleCall(Order order, From from, String cook) {
            return reply(order, order.dish() + " by " + cook, cook);
        }
    }

    /** A shard: answers its number. */
    public static final class Shard implements GenServer<ShardId, Shard.Request<?>, NoCast> {
        static final ServerType<Request<?>, NoCast> TYPE = ServerType.of(Shard.class);

        /** A shard's calls. */
        public sealed interface Request<R> extends Call<R> {}

        /** Its number. */
        public record Number() implements Request<Integer> {}

        private final ShardId id;

        Shard(ShardId id) {
            this.id = id;
        }

        @Override
        public Init<ShardId> init(ProcessContext self) {
            return Init.ok(id);
        }

        @Override
        public CallResult<ShardId> handleCall(Request<?> request, From from, ShardId id) {
            return switch (request) {
                case Number number -> reply(number, id.number(), id);
            };
        }
    }
}
