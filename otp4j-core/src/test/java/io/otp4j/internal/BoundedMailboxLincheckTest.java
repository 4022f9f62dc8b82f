package io.otp4j.internal;

import io.otp4j.testing.LincheckOptions;
import io.otp4j.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Linearizability of {@link BoundedMailbox} under each overflow policy against a sequential model: any number
 * of threads offer user and system messages, while the owner's operations (poll, selective poll, hasNew,
 * size) run on one thread only. The capacity is {@value #CAPACITY}, so a handful of offers fills it.
 *
 * <p>BLOCK runs with a zero deadline: a sender that finds the mailbox full gets {@code TIMED_OUT} at once, so
 * the policy has a sequential meaning. With a positive deadline a sender waits for the owner to make room,
 * which no sequential model can express; {@code BoundedMailboxPolicyTest} covers that through the process
 * API.
 */
class BoundedMailboxLincheckTest {

    static final int CAPACITY = 2;

    @ParameterizedTest
    @ValueSource(classes = {Reject.class, DropNewest.class, DropOldest.class, BlockWithoutWaiting.class})
    void modelChecking(Class<?> test) throws ReflectiveOperationException {
        LincheckOptions.modelChecking(modelOf(test), 50).check(test);
    }

    @ParameterizedTest
    @ValueSource(classes = {Reject.class, DropNewest.class, DropOldest.class, BlockWithoutWaiting.class})
    void stress(Class<?> test) throws ReflectiveOperationException {
        LincheckOptions.stress(modelOf(test)).check(test);
    }

    private static Class<?> modelOf(Class<?> test) throws ReflectiveOperationException {
        return Class.forName(test.getName() + "$Model");
    }

    /** The operations, on a mailbox with the policy a subclass names. */
    @Param(name = "msg", gen = IntGen.class, conf = "1:6")
    public abstract static class Operations {
        private static final String OWNER = "owner";

        private final BoundedMailbox mailbox;

        Operations(BoundedMailbox.Overflow overflow) {
            mailbox = new BoundedMailbox(CAPACITY, overflow, 0, Clock.system());
        }

        @Operation
        public Mailbox.Offer offer(@Param(name = "msg") int message) {
            return mailbox.offer(message);
        }

        @Operation
        public Mailbox.Offer offerSystem(@Param(name = "msg") int message) {
            return mailbox.offerSystem(message);
        }

        @Operation
        public long dropped() {
            return mailbox.dropped();
        }

        @Operation(nonParallelGroup = OWNER)
        public @Nullable Object poll() {
            return mailbox.poll();
        }

        @Operation(nonParallelGroup = OWNER)
        public @Nullable Object pollEven() {
            return mailbox.poll(LincheckSupport::isEven);
        }

        @Operation(nonParallelGroup = OWNER)
        public boolean hasNew() {
            return mailbox.hasNew();
        }

        @Operation(nonParallelGroup = OWNER)
        public int size() {
            return mailbox.size();
        }
    }

    /** The sequential model of a bounded mailbox. */
    abstract static class BoundedModel {
        private record Item(int message, boolean system) {}

        private final BoundedMailbox.Overflow overflow;
        private final List<Item> items = new ArrayList<>();
        private int users;
        private long dropped;
        /** Whether a message was appended since the owner's last poll. */
        private boolean unscanned;

        BoundedModel(BoundedMailbox.Overflow overflow) {
            this.overflow = overflow;
        }

        public Mailbox.Offer offer(int message) {
            Mailbox.Offer result;
            if (users < CAPACITY) {
                result = Mailbox.Offer.ACCEPTED;
            } else {
                switch (overflow) {
                    case REJECT -> {
                        return Mailbox.Offer.REJECTED;
                    }
                    case DROP_NEWEST -> {
                        dropped++;
                        return Mailbox.Offer.DROPPED;
                    }
                    case BLOCK -> {
                        return Mailbox.Offer.TIMED_OUT;
                    }
                    case DROP_OLDEST -> {
                        int oldest = 0;
                        while (items.get(oldest).system()) {
                            oldest++;
                        }
                        items.remove(oldest);
                        users--;
                        dropped++;
                        result = Mailbox.Offer.ACCEPTED_DROPPED_OLDEST;
                    }
                    default -> throw new AssertionError(overflow);
                }
            }
            items.add(new Item(message, false));
            users++;
            unscanned = true;
            return result;
        }

        public Mailbox.Offer offerSystem(int message) {
            items.add(new Item(message, true));
            unscanned = true;
            return Mailbox.Offer.ACCEPTED;
        }

        public long dropped() {
            return dropped;
        }

        public @Nullable Object poll() {
            unscanned = false;
            return items.isEmpty() ? null : take(0);
        }

        public @Nullable Object pollEven() {
            unscanned = false;
            for (int i = 0; i < items.size(); i++) {
                if (LincheckSupport.isEven(items.get(i).message())) {
                    return take(i);
                }
            }
            return null;
        }

        private Integer take(int index) {
            Item item = items.remove(index);
            if (!item.system()) {
                users--;
            }
            return item.message();
        }

        public boolean hasNew() {
            return unscanned;
        }

        public int size() {
            return items.size();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof BoundedModel m
                    && overflow == m.overflow
                    && items.equals(m.items)
                    && dropped == m.dropped
                    && unscanned == m.unscanned;
        }

        @Override
        public int hashCode() {
            return Objects.hash(overflow, items, dropped, unscanned);
        }
    }

    public static final class Reject extends Operations {
        public Reject() {
            super(BoundedMailbox.Overflow.REJECT);
        }

        public static final class Model extends BoundedModel {
            public Model() {
                super(BoundedMailbox.Overflow.REJECT);
            }
        }
    }

    public static final class DropNewest extends Operations {
        public DropNewest() {
            super(BoundedMailbox.Overflow.DROP_NEWEST);
        }

        public static final class Model extends BoundedModel {
            public Model() {
                super(BoundedMailbox.Overflow.DROP_NEWEST);
            }
        }
    }

    public static final class DropOldest extends Operations {
        public DropOldest() {
            super(BoundedMailbox.Overflow.DROP_OLDEST);
        }

        public static final class Model extends BoundedModel {
            public Model() {
                super(BoundedMailbox.Overflow.DROP_OLDEST);
            }
        }
    }

    public static final class BlockWithoutWaiting extends Operations {
        public BlockWithoutWaiting() {
            super(BoundedMailbox.Overflow.BLOCK);
        }

        public static final class Model extends BoundedModel {
            public Model() {
                super(BoundedMailbox.Overflow.BLOCK);
            }
        }
    }
}
