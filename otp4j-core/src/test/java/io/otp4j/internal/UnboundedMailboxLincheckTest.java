package io.otp4j.internal;

import io.otp4j.testing.LincheckOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

/**
 * Linearizability of {@link UnboundedMailbox} against a sequential model of Erlang's mailbox: any number of
 * threads offer, while the owner's operations (poll, selective poll, hasNew) run on one thread only, as the
 * runtime guarantees.
 */
@Param(name = "msg", gen = IntGen.class, conf = "1:6")
public class UnboundedMailboxLincheckTest {

    private static final String OWNER = "owner";

    private final UnboundedMailbox mailbox = new UnboundedMailbox();

    @Operation
    public Mailbox.Offer offer(@Param(name = "msg") int message) {
        return mailbox.offer(message);
    }

    @Operation
    public Mailbox.Offer offerSystem(@Param(name = "msg") int message) {
        return mailbox.offerSystem(message);
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

    @Test
    void modelChecking() {
        LincheckOptions.modelChecking(Model.class, 50).check(getClass());
    }

    @Test
    void stress() {
        LincheckOptions.stress(Model.class).check(getClass());
    }

    /**
     * The sequential model: {@code saved} holds what a selective poll passed over (older than everything
     * else), {@code fresh} what no poll has scanned yet.
     */
    public static final class Model {
        private final List<Integer> saved = new ArrayList<>();
        private final List<Integer> fresh = new ArrayList<>();

        public Mailbox.Offer offer(int message) {
            fresh.add(message);
            return Mailbox.Offer.ACCEPTED;
        }

        public Mailbox.Offer offerSystem(int message) {
            return offer(message);
        }

        public @Nullable Object poll() {
            if (!saved.isEmpty()) {
                return saved.remove(0);
            }
            return fresh.isEmpty() ? null : fresh.remove(0);
        }

        public @Nullable Object pollEven() {
            for (int i = 0; i < saved.size(); i++) {
                if (LincheckSupport.isEven(saved.get(i))) {
                    return saved.remove(i);
                }
            }
            while (!fresh.isEmpty()) {
                Integer message = fresh.remove(0);
                if (LincheckSupport.isEven(message)) {
                    return message;
                }
                saved.add(message);
            }
            return null;
        }

        public boolean hasNew() {
            return !fresh.isEmpty();
        }

        public int size() {
            return saved.size() + fresh.size();
        }

        @Override
        public boolean equals(@Nullable Object o) {
            return o instanceof Model m && saved.equals(m.saved) && fresh.equals(m.fresh);
        }

        @Override
        public int hashCode() {
            return Objects.hash(saved, fresh);
        }
    }
}
